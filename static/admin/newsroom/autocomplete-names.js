/*
 * Names the admin's autocomplete (select2) boxes for screen readers. Select2 hides the <select>
 * and draws its own box, which carries no name of its own: an empty box reads as nothing, and
 * the search field of a many-choice box (tags) as an unnamed search. Each part takes the name of
 * its field's label, or the <select>'s aria-label in a table row, where no <label> exists.
 * Select2 (4.0) also puts the many-choice box's "clear all" button inside its list of choices;
 * it is moved just before the list, where select2 still finds it, so the list holds only items.
 */
"use strict";
(function () {
    const $ = window.django && window.django.jQuery;
    if (!$) {
        return;
    }

    function fieldName(select) {
        const label = select.id && document.querySelector('label[for="' + CSS.escape(select.id) + '"]');
        const text = label ? label.textContent : select.getAttribute("aria-label") || "";
        return text.trim().replace(/:$/, "");
    }

    function keepClearButtonOutOfList(list) {
        const observer = new MutationObserver(function () {
            move();
        });
        const move = function () {
            // Moving the button changes the list too: unwatched, that change is not taken for a redraw.
            observer.disconnect();
            // Each redraw of the list brings its own button, or none once nothing is chosen.
            for (const earlier of list.parentElement.querySelectorAll(":scope > .select2-selection__clear")) {
                earlier.remove();
            }
            const clear = list.querySelector(":scope > .select2-selection__clear");
            if (clear) {
                list.before(clear);
            }
            observer.observe(list, { childList: true });
        };
        move();
    }

    function nameBox(select) {
        const box = select.nextElementSibling;
        const name = fieldName(select);
        if (!box || !box.classList.contains("select2") || !name) {
            return;
        }
        const selection = box.querySelector(".select2-selection");
        const shown = box.querySelector(".select2-selection--single .select2-selection__rendered");
        if (shown) {
            // The box is labelled by this element: its name, and the choice is its text.
            shown.setAttribute("aria-label", name);
        } else if (selection) {
            selection.setAttribute("aria-label", name);
        }
        const search = box.querySelector(".select2-search__field");
        if (search) {
            search.setAttribute("aria-label", name);
        }
        const list = box.querySelector("ul.select2-selection__rendered");
        if (list) {
            keepClearButtonOutOfList(list);
        }
    }

    function nameBoxesIn(root) {
        $(root).find(".admin-autocomplete").not("[name*=__prefix__]").each(function () {
            nameBox(this);
        });
    }

    // Registered after the admin's own autocomplete.js, so each runs once select2 has drawn the boxes.
    $(function () {
        nameBoxesIn(document);
    });
    document.addEventListener("formset:added", function (event) {
        nameBoxesIn(event.target);
    });
})();
