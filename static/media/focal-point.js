// The focal-point picker: a click on the picture sets the two focal point fields, which work alone without it.
// The shape previews below follow the point at once; their stored crops are made when the picture is saved.
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
    var shapes = document.querySelector("[data-shape-previews]");

    // Where the crop of a width:height shape sits, as media.renditions.crop_box cuts it: centred on the
    // focal point as far as the picture's edges allow, as a CSS object-position percentage per axis.
    function cropPosition(shape, x, y) {
      var width = Number(shapes.dataset.width);
      var height = Number(shapes.dataset.height);
      var cropWidth = Math.min(width, Math.floor((height * shape[0]) / shape[1]));
      var cropHeight = Math.min(height, Math.round((cropWidth * shape[1]) / shape[0]));
      function along(point, size, crop) {
        var spare = size - crop;
        return spare > 0 ? (Math.min(spare, Math.max(0, point * size - crop / 2)) / spare) * 100 : 50;
      }
      return along(x, width, cropWidth) + "% " + along(y, height, cropHeight) + "%";
    }

    function showShapes(x, y) {
      if (!shapes) {
        return;
      }
      shapes.querySelectorAll("[data-shape]").forEach(function (preview) {
        var image = preview.querySelector("[data-shape-image]");
        image.src = picture.src;
        image.style.objectPosition = cropPosition(preview.dataset.shape.split("x").map(Number), x, y);
      });
      shapes.querySelector("[data-shape-note]").textContent =
        "Crops around the new focal point: save to keep them.";
    }

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

    function moved() {
      showMarker();
      var x = parseFloat(across.value);
      var y = parseFloat(down.value);
      if (!isNaN(x) && !isNaN(y)) {
        showShapes(round(x), round(y));
      }
    }

    picture.addEventListener("click", function (event) {
      var box = picture.getBoundingClientRect();
      across.value = round((event.clientX - box.left) / box.width);
      down.value = round((event.clientY - box.top) / box.height);
      moved();
    });
    across.addEventListener("input", moved);
    down.addEventListener("input", moved);
    picker.classList.add("focal-picker--active");
    showMarker();
  });
})();
