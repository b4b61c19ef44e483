"""Form widgets shared by every app's forms."""

from django import forms


class DateInput(forms.DateInput):
    """A date typed and shown dd/mm/yyyy on every browser.

    A native date input shows the browser's order (mm/dd/yyyy in Chromium, whatever the page's
    language), unlike every other date of the portal; a text box with the numeric keypad does
    not. The forms read dd/mm/yyyy, dd-mm-yyyy and yyyy-mm-dd (config/formats).
    """

    input_type = "text"

    def __init__(self, attrs=None, **kwargs):
        attrs = {"inputmode": "numeric", "placeholder": "dd/mm/yyyy", **(attrs or {})}
        super().__init__(attrs=attrs, format="%d/%m/%Y", **kwargs)
