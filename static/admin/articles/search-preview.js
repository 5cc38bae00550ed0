/*
 * The "Search and sharing" fields as readers will meet them: a character counter under the SEO
 * title and description (the recommended length is a hint; longer text is allowed up to the
 * field's limit), a search-result preview and a social-card preview. Empty SEO fields fall back
 * to the headline and the dek, as on the public page.
 */
"use strict";
(function () {
    function field(form, name) {
        return form.elements.namedItem(name);
    }

    function valueOf(form, name) {
        const input = field(form, name);
        return input ? input.value.trim() : "";
    }

    function shorten(text, length) {
        return text.length > length ? text.slice(0, length - 1).trimEnd() + "…" : text;
    }

    function element(tag, className, text) {
        const node = document.createElement(tag);
        node.className = className;
        if (text) {
            node.textContent = text;
        }
        return node;
    }

    function counter(input, fallbackName) {
        const recommended = parseInt(input.dataset.recommendedLength, 10);
        // Styled and placed as the admin's help text, just under the field.
        const output = element("div", "help char-counter");
        output.id = input.id + "-counter";
        output.setAttribute("aria-live", "polite");
        (input.closest(".flex-container") || input).insertAdjacentElement("afterend", output);
        return function (form) {
            const length = input.value.trim().length;
            let text;
            if (!length) {
                const fallback = valueOf(form, fallbackName).length;
                text = "Empty: the " + fallbackName + " is used (" + fallback + " of " + recommended + " characters).";
                output.classList.toggle("is-over", fallback > recommended);
            } else if (length > recommended) {
                text = length + " characters: " + (length - recommended) + " over the " + recommended + " recommended.";
                output.classList.add("is-over");
            } else {
                text = length + " of " + recommended + " recommended characters.";
                output.classList.remove("is-over");
            }
            if (output.textContent !== text) {
                output.textContent = text;
            }
        };
    }

    function previews(after, addressPrefix) {
        const box = element("div", "share-previews");
        const search = element("section", "search-preview");
        search.setAttribute("aria-labelledby", "search-preview-heading");
        const searchHeading = element("h3", "", "In search results");
        searchHeading.id = "search-preview-heading";
        const address = element("p", "search-preview-address");
        const title = element("p", "search-preview-title");
        const description = element("p", "search-preview-description");
        search.append(searchHeading, address, title, description);

        const social = element("section", "social-preview");
        social.setAttribute("aria-labelledby", "social-preview-heading");
        const socialHeading = element("h3", "", "On social media");
        socialHeading.id = "social-preview-heading";
        const card = element("div", "social-card");
        const picture = element("img", "social-card-picture");
        picture.alt = "";
        const site = element("p", "social-card-site");
        const cardTitle = element("p", "social-card-title");
        const cardDescription = element("p", "social-card-description");
        const words = element("div", "social-card-text");
        words.append(site, cardTitle, cardDescription);
        card.append(picture, words);
        social.append(socialHeading, card);

        box.append(search, social);
        after.insertAdjacentElement("afterend", box);

        let host = "";
        try {
            host = new URL(addressPrefix).host;
        } catch (error) {
            host = "";
        }
        const hero = document.querySelector('[data-image-preview-for="hero_image"] .image-preview-thumbnail');

        return function (form) {
            const shownTitle = valueOf(form, "seo_title") || valueOf(form, "headline") || "(no headline yet)";
            const shownDescription = valueOf(form, "seo_description") || valueOf(form, "dek");
            const slug = valueOf(form, "slug");
            address.textContent = addressPrefix + (slug ? slug + "/" : "…");
            title.textContent = shorten(shownTitle, 60);
            description.textContent = shorten(shownDescription, 160) || "(no description: search engines pick text from the story)";
            site.textContent = host;
            cardTitle.textContent = shorten(shownTitle, 90);
            cardDescription.textContent = shorten(shownDescription, 160);
            const thumbnail = hero && !hero.hidden && hero.getAttribute("src");
            picture.hidden = !thumbnail;
            card.classList.toggle("has-picture", Boolean(thumbnail));
            if (thumbnail && picture.getAttribute("src") !== thumbnail) {
                picture.src = thumbnail;
            }
        };
    }

    document.addEventListener("DOMContentLoaded", function () {
        const form = document.getElementById("article_form");
        if (!form) {
            return;
        }
        const slug = field(form, "slug");
        const updates = [];
        [["seo_title", "headline"], ["seo_description", "dek"]].forEach(function (pair) {
            const input = field(form, pair[0]);
            if (input && input.dataset.recommendedLength) {
                updates.push(counter(input, pair[1]));
            }
        });
        const description = field(form, "seo_description");
        if (slug && slug.dataset.addressPrefix && description) {
            const row = description.closest(".form-row") || description;
            updates.push(previews(row, slug.dataset.addressPrefix));
        }
        if (!updates.length) {
            return;
        }
        let pending = false;
        const update = function () {
            if (pending) {
                return;
            }
            pending = true;
            // Once per frame, after the admin filled the address in from the headline.
            window.requestAnimationFrame(function () {
                pending = false;
                updates.forEach(function (apply) { apply(form); });
            });
        };
        ["input", "keyup", "change"].forEach(function (type) { form.addEventListener(type, update); });
        const hero = document.querySelector('[data-image-preview-for="hero_image"] .image-preview-thumbnail');
        if (hero) {
            new MutationObserver(update).observe(hero, {attributes: true, attributeFilter: ["src", "hidden"]});
        }
        update();
    });
})();
