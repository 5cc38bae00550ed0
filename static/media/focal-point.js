// The focal-point picker: a click on the picture sets the two focal point fields, which work alone without it.
(function () {
  "use strict";

  function round(value) {
    return Math.round(Math.min(1, Math.max(0, value)) * 1000) / 1000;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var picker = document.querySelector("[data-focal-picker]");
    var across = document.getElementById("id_focal_x");
    var down = document.getElementById("id_focal_y");
    if (!picker || !across || !down) {
      return;
    }
    var picture = picker.querySelector("[data-focal-image]");
    var marker = picker.querySelector("[data-focal-marker]");

    function showMarker() {
      var x = parseFloat(across.value);
      var y = parseFloat(down.value);
      if (isNaN(x) || isNaN(y)) {
        marker.hidden = true;
        return;
      }
      marker.style.left = round(x) * 100 + "%";
      marker.style.top = round(y) * 100 + "%";
      marker.hidden = false;
    }

    picture.addEventListener("click", function (event) {
      var box = picture.getBoundingClientRect();
      across.value = round((event.clientX - box.left) / box.width);
      down.value = round((event.clientY - box.top) / box.height);
      showMarker();
    });
    across.addEventListener("input", showMarker);
    down.addEventListener("input", showMarker);
    picker.classList.add("focal-picker--active");
    showMarker();
  });
})();
