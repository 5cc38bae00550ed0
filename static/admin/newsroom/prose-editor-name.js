// The rich-text box takes its accessible name from its field's label ("Body", "Bio"), as the
// textarea it stands in for did: a screen reader says which box it is in, and axe has no
// unnamed text box to report.
import { Extension, Plugin } from "django-prose-editor/editor";

function labelText(editor) {
  const textarea = editor.options.element?.querySelector("textarea");
  const label = textarea?.id && document.querySelector(`label[for="${CSS.escape(textarea.id)}"]`);
  return label ? label.textContent.trim().replace(/:$/, "") : "";
}

export const FieldName = Extension.create({
  name: "fieldName",

  addProseMirrorPlugins() {
    const name = labelText(this.editor);
    return name ? [new Plugin({ props: { attributes: { "aria-label": name } } })] : [];
  },
});
