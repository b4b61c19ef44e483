// "Use the centre's score": copies the centre's self-score into the reviewer's box for that
// indicator. Without JavaScript the reviewer types it; the score is shown beside the box.
(function () {
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".copy-score") : null;
    if (!button) return;
    var input = document.getElementById(button.dataset.target);
    if (input) {
      input.value = button.dataset.value;
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.focus();
    }
  });
})();
