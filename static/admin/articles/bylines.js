/*
 * A byline row added with "Add another byline" gets the role suggestions too: the admin renames
 * the new row's ids but not the role box's list attribute, which points at its suggestions.
 */
"use strict";
document.addEventListener("formset:added", function (event) {
    if (!event.detail || event.detail.formsetName !== "bylines") {
        return;
    }
    event.target.querySelectorAll("input[list]").forEach(function (input) {
        input.setAttribute("list", input.id + "-suggestions");
    });
});
