/*
 * Aids for writing a story: a live word count and reading time under the body, and Ctrl+S
 * (Cmd+S on a Mac) as "Save and continue editing". Without this script the form works the same;
 * the saved story's own figures are counted on the server by the same rule.
 */
"use strict";
(function () {
    // Where one block ends and the next begins: the editor writes "<p>one</p><p>two</p>", two words.
    // The same tags as newsroom/richtext.py's word count.
    const WORD_BREAK_TAG = /<\/?(?:p|h[1-6]|li|ul|ol|blockquote|figure|figcaption|table|tr|td|th|hr|br)\b[^>]*>/gi;
    const numbers = new Intl.NumberFormat("en");

    function countWords(html) {
        const text = html.replace(WORD_BREAK_TAG, " ").replace(/<[^>]*>/g, "");
        return text.split(/\s+/).filter(Boolean).length;
    }

    function readingMinutes(words, perMinute) {
        // Half a minute rounds up, and any text takes at least a minute.
        return words ? Math.max(1, Math.floor((words + Math.floor(perMinute / 2)) / perMinute)) : 0;
    }

    function describe(words, minutes) {
        const counted = numbers.format(words) + (words === 1 ? " word" : " words");
        return words ? counted + " · " + minutes + " min read" : counted;
    }

    function countBody(body) {
        const perMinute = parseInt(body.dataset.wordsPerMinute, 10) || 230;
        // Styled and placed as the admin's help text under a field.
        const figures = document.createElement("div");
        figures.className = "help writing-figures";
        figures.id = "body-figures";
        figures.setAttribute("aria-live", "polite");
        const line = body.closest(".flex-container") || body.parentElement;
        line.insertAdjacentElement("afterend", figures);
        let shown = "";
        const update = function () {
            const words = countWords(body.value);
            const text = describe(words, readingMinutes(words, perMinute));
            // Only a change is announced, not every keystroke.
            if (text !== shown) {
                figures.textContent = shown = text;
            }
        };
        // The editor keeps the textarea in step and tells it with an "input" event.
        body.addEventListener("input", update);
        update();
    }

    function saveOnShortcut(form) {
        const button = form.querySelector('input[type="submit"][name="_continue"]');
        if (!button) {
            return; // the story is locked here: there is nothing to save
        }
        // Captured before the editor and the browser: Ctrl+S is the form's save, not "Save page as".
        window.addEventListener("keydown", function (event) {
            const shortcut = (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;
            if (!shortcut || event.key.toLowerCase() !== "s" || event.repeat) {
                return;
            }
            event.preventDefault();
            if (form.dataset.saving !== "yes") {
                form.dataset.saving = "yes";
                form.requestSubmit(button);
            }
        }, true);
        // A form the browser refused to send (a required field left empty) may be saved again.
        form.addEventListener("invalid", function () { delete form.dataset.saving; }, true);
    }

    document.addEventListener("DOMContentLoaded", function () {
        const form = document.getElementById("article_form");
        if (!form) {
            return;
        }
        const body = form.querySelector("#id_body[data-words-per-minute]");
        if (body) {
            countBody(body);
        }
        saveOnShortcut(form);
    });
})();
