// Hands the chosen library picture back to the rich-text editor that opened this window.
(function () {
  "use strict";

  function editorCallback() {
    var opener = window.opener;
    try {
      return opener && opener.CKEDITOR && opener.CKEDITOR.tools && opener.CKEDITOR.tools.callFunction;
    } catch (error) {
      return null; // An opener from another origin: nothing to hand the picture to.
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var picker = document.querySelector("[data-picker]");
    if (!picker) {
      return;
    }
    var funcNum = picker.dataset.funcNum;
    var notice = picker.querySelector("[data-picker-notice]");
    if (!funcNum || !editorCallback()) {
      notice.hidden = false;
    }

    picker.addEventListener("click", function (event) {
      var choice = event.target.closest("[data-picker-choice]");
      var callback = editorCallback();
      if (!choice || !funcNum || !callback) {
        return;
      }
      callback.call(window.opener.CKEDITOR.tools, Number(funcNum), choice.dataset.url, {
        id: choice.dataset.id,
        alternative_text: choice.dataset.alt,
        caption: choice.dataset.caption,
      });
      window.close();
    });
  });
})();
