/*
 * Refresh the picked-image preview when the chooser beside it changes.
 * The preview is rendered on the server; this only keeps it in step.
 */
"use strict";
(function () {
    function setText(preview, name, text) {
        const node = preview.querySelector('[data-preview="' + name + '"]');
        if (node) {
            node.textContent = text;
        }
        return node;
    }

    function setPlaceholder(name, text) {
        const field = document.getElementById("id_" + name);
        if (field) {
            field.placeholder = text || "";
        }
    }

    function show(preview, image) {
        const thumbnail = preview.querySelector(".image-preview-thumbnail");
        const details = preview.querySelector(".image-preview-details");
        const expired = preview.querySelector('[data-preview="expired"]');
        preview.dataset.imageId = image ? String(image.id) : "";
        thumbnail.hidden = details.hidden = !image;
        setText(preview, "empty", "No image chosen.").hidden = Boolean(image);
        expired.hidden = !(image && image.expired);
        if (!image) {
            thumbnail.removeAttribute("src");
            return;
        }
        thumbnail.src = image.thumbnail;
        thumbnail.alt = image.alt;
        setText(preview, "caption", image.caption || "(none)");
        setText(preview, "credit", image.credit);
        expired.textContent = image.expired
            ? "Usage rights expired on " + image.expires_on + ": readers will not see this image."
            : "";
        if (preview.dataset.imagePreviewFor === "hero_image") {
            setPlaceholder("hero_caption", image.caption);
            setPlaceholder("hero_credit", image.credit);
        }
    }

    function refresh(preview, select) {
        const chosen = select.value;
        if (chosen === preview.dataset.imageId) {
            return;
        }
        if (!chosen) {
            show(preview, null);
            return;
        }
        const url = preview.dataset.summaryUrl + "?id=" + encodeURIComponent(chosen);
        fetch(url, {credentials: "same-origin", headers: {Accept: "application/json"}})
            .then(function (response) {
                return response.ok ? response.json() : null;
            })
            .then(function (image) {
                if (image && select.value === chosen) {
                    show(preview, image);
                }
            });
    }

    function watch(preview) {
        const select = document.getElementById("id_" + preview.dataset.imagePreviewFor);
        if (!select) {
            return;
        }
        const onChange = function () {
            refresh(preview, select);
        };
        // The admin's autocomplete (select2) reports changes through jQuery only.
        if (window.django && window.django.jQuery) {
            window.django.jQuery(select).on("change", onChange);
        } else {
            select.addEventListener("change", onChange);
        }
        // After a failed save the form keeps the new choice; show it.
        onChange();
    }

    document.addEventListener("DOMContentLoaded", function () {
        document.querySelectorAll("[data-image-preview-for]").forEach(watch);
    });
})();
