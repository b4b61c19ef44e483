// "Mark all unmarked present" without a round trip: only rows with no choice are filled,
// a choice already made (saved or not) is never changed. Without JavaScript the button
// submits and the server applies the same rule.
(function () {
  var button = document.getElementById("mark-all");
  var sheet = document.getElementById("attendance-sheet");
  if (!button || !sheet) return;
  button.addEventListener("click", function (event) {
    event.preventDefault();
    sheet.querySelectorAll(".attendance-row").forEach(function (row) {
      if (!row.querySelector("input[type=radio]:checked")) {
        var present = row.querySelector("input[value=present]");
        if (present) present.checked = true;
      }
    });
  });
})();
