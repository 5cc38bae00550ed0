/*
 * Keeps a recovery copy of the story form while it is open: every few seconds, when something
 * changed, the words typed so far go to the server (never as a revision, never public).
 */
"use strict";
// The admin loads this script in the page's head, before the form exists: start once it does.
document.addEventListener("DOMContentLoaded", function () {
    const config = document.getElementById("autosave-config");
    const form = document.getElementById("article_form");
    if (!config || !form) {
        return;
    }
    const status = document.getElementById("autosave-status");
    const seconds = Math.max(1, parseInt(config.dataset.seconds, 10) || 30);
    const fields = ["headline", "slug", "dek", "body", "hero_caption", "hero_credit",
        "seo_title", "seo_description", "editorial_note"];
    // The words the server already holds: the page's own (unless a save was just refused, when
    // they are the refused ones), then each copy sent. Only a difference is kept.
    let lastSent = form.querySelector(":scope > div > .errornote") ? "" : fingerprint(snapshot());
    // Words that leave with the form are saved with the story (or come back in the refused form).
    let submitted = false;
    // A preview opens in another tab and leaves this form open: its words still need keeping.
    form.addEventListener("submit", function (event) {
        if (!(event.submitter && event.submitter.formTarget)) {
            submitted = true;
        }
    });

    function snapshot() {
        const data = new FormData();
        data.append("article", config.dataset.article || "");
        const version = form.elements.namedItem("started_from_version");
        if (version) {
            data.append("started_from_version", version.value);
        }
        fields.forEach(function (name) {
            const field = form.elements.namedItem(name);
            if (field && typeof field.value === "string") {
                data.append(name, field.value);
            }
        });
        return data;
    }

    function fingerprint(data) {
        return fields.map(function (name) { return data.get(name) || ""; }).join("\u0000");
    }

    function save() {
        const data = snapshot();
        const current = fingerprint(data);
        if (current === lastSent) {
            return;
        }
        const token = form.elements.namedItem("csrfmiddlewaretoken");
        fetch(config.dataset.url, {
            method: "POST",
            body: data,
            credentials: "same-origin",
            headers: {"X-CSRFToken": token ? token.value : ""},
        }).then(function (response) {
            if (!response.ok) {
                throw new Error(response.status);
            }
            return response.json();
        }).then(function (result) {
            lastSent = current;
            if (status) {
                status.textContent = "Unsaved text kept at " + result.saved_at + ".";
            }
        }).catch(function () {
            if (status) {
                status.textContent = "Could not keep a recovery copy; save the story to be safe.";
            }
        });
    }

    window.setInterval(save, seconds * 1000);
    window.addEventListener("pagehide", function () {
        const data = snapshot();
        if (!submitted && fingerprint(data) !== lastSent && navigator.sendBeacon) {
            // The beacon cannot carry the CSRF header, so it carries the form's token instead.
            const token = form.elements.namedItem("csrfmiddlewaretoken");
            if (token) {
                data.append("csrfmiddlewaretoken", token.value);
            }
            navigator.sendBeacon(config.dataset.url, data);
        }
    });
});
