// Hands the chosen (or just uploaded) library picture back to the rich-text editor that opened this window.
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

    // Returns whether the picture reached the editor (and this window is closing).
    function handOver(element) {
      var callback = editorCallback();
      if (!element || !funcNum || !callback) {
        return false;
      }
      callback.call(window.opener.CKEDITOR.tools, Number(funcNum), element.dataset.url, {
        id: element.dataset.id,
        alternative_text: element.dataset.alt,
        caption: element.dataset.caption,
      });
      window.close();
      return true;
    }

    // A picture uploaded from this window goes straight into the story.
    handOver(picker.querySelector("[data-picker-uploaded]"));

    picker.addEventListener("click", function (event) {
      handOver(event.target.closest("[data-picker-choice]"));
    });
  });
})();
