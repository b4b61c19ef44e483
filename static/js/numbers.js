// Whole numbers shown the Vietnamese way while typing: "15000000" becomes "15.000.000".
// The server reads the number with or without the dots (core/fields.py), so this is only for
// the eye; the caret stays after the same digit.
(function () {
  function group(digits) {
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }
  function regroup(input) {
    var value = input.value;
    if (!/^[\d.\s]*$/.test(value)) return; // a comma or a letter: leave it for the message
    var caret = input.selectionStart || 0;
    var digitsBefore = value.slice(0, caret).replace(/\D/g, "").length;
    var grouped = group(value.replace(/\D/g, ""));
    if (grouped === value) return;
    input.value = grouped;
    var position = 0, seen = 0;
    while (position < grouped.length && seen < digitsBefore) {
      if (/\d/.test(grouped[position])) seen++;
      position++;
    }
    if (document.activeElement === input) input.setSelectionRange(position, position);
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("input[data-grouped]")) regroup(event.target);
  });
  document.addEventListener("focusout", function (event) {
    if (event.target.matches && event.target.matches("input[data-grouped]")) regroup(event.target);
  });
})();
