from django.db import migrations

# The content areas of regulations and provincial reports (shared/domain.md); editable later.
AREAS = [
    "Xóa mù chữ và sau xóa mù chữ",
    "Phổ cập giáo dục",
    "Chuyển giao khoa học kỹ thuật (trồng trọt, chăn nuôi, thủy sản)",
    "Khuyến nông, khuyến công",
    "Pháp luật và chính sách",
    "Chăm sóc sức khỏe",
    "Văn hóa, văn nghệ, thể thao",
    "Kỹ năng sống",
    "Tin học, kỹ năng số, chuyển đổi số",
    "Ngoại ngữ",
    "Dạy nghề ngắn hạn",
    "Thời sự",
]


def add_areas(apps, schema_editor):
    ContentArea = apps.get_model("activities", "ContentArea")
    for order, name in enumerate(AREAS, start=1):
        ContentArea.objects.get_or_create(name=name, defaults={"order": order * 10})


def remove_areas(apps, schema_editor):
    apps.get_model("activities", "ContentArea").objects.filter(name__in=AREAS).delete()


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]
    operations = [migrations.RunPython(add_areas, remove_areas)]
