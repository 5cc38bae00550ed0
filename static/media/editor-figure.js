// The story editor's figures, on top of django-prose-editor's own: the Figure button opens the media
// library's picker (where a new picture can be uploaded too) instead of asking for an image address,
// and a figure whose picture is removed goes whole, caption included.
import { canInsertNode, Figure as ProseFigure, Plugin } from "django-prose-editor/editor";

// The picker answers through CKEditor's callback protocol (window.CKEDITOR.tools.callFunction). The
// library's own "Browse..." numbers its callbacks -1, -2, …; these count up from 1, so the two never meet.
let lastCallback = 0;
const callbacks = new Map();

function listenToPicker() {
  window.CKEDITOR = window.CKEDITOR || {};
  window.CKEDITOR.tools = window.CKEDITOR.tools || {};
  const tools = window.CKEDITOR.tools;
  if (tools.newsroomFigures) {
    return;
  }
  const earlier = tools.callFunction;
  tools.callFunction = (number, ...args) => {
    earlier?.call(tools, number, ...args);
    const callback = callbacks.get(Number(number));
    if (callback) {
      callbacks.delete(Number(number));
      callback(...args);
    }
  };
  tools.newsroomFigures = true;
}

function openPicker(pickerUrl, onPick) {
  listenToPicker();
  lastCallback += 1;
  callbacks.set(lastCallback, onPick);
  const separator = pickerUrl.includes("?") ? "&" : "?";
  window.open(`${pickerUrl}${separator}CKEditorFuncNum=${lastCallback}`, "_blank", "width=900,height=700");
}

function insideFigure(editor) {
  return editor.isActive("figure") || editor.state.selection.node?.type.name === "image";
}

function figureContent(url, data) {
  const picture = {
    type: "image",
    attrs: { src: url, alt: data?.alternative_text || "", file: data?.id == null ? null : String(data.id) },
  };
  const caption = (data?.caption || "").trim();
  return caption ? [picture, { type: "caption", content: [{ type: "text", text: caption }] }] : [picture];
}

function withoutPicture(node) {
  if (node.type.name !== "figure") {
    return false;
  }
  const picture = node.firstChild;
  return !picture || picture.type.name !== "image" || !picture.attrs.src;
}

export const Figure = ProseFigure.extend({
  addCommands() {
    const commands = this.parent?.() || {};
    const name = this.name;
    const pickerUrl = this.options.pickerUrl;
    return {
      ...commands,
      insertFigure:
        () =>
        ({ editor, state, dispatch, commands: run }) => {
          // Inside a figure the button edits it (alt text, caption) in the library's own dialog.
          if (!pickerUrl || insideFigure(editor)) {
            return run.editImage();
          }
          if (!canInsertNode(state, state.schema.nodes[name])) {
            return false;
          }
          if (dispatch) {
            openPicker(pickerUrl, (url, data) => {
              editor.chain().focus().insertContent({ type: name, content: figureContent(url, data) }).run();
            });
          }
          return true;
        },
    };
  },

  addProseMirrorPlugins() {
    return [
      ...(this.parent?.() || []),
      new Plugin({
        // Deleting a figure's picture (Backspace, Delete, cut) would leave its caption in an empty
        // figure: the whole figure goes instead, in the same undo step.
        appendTransaction(transactions, _previous, state) {
          if (!transactions.some((transaction) => transaction.docChanged)) {
            return null;
          }
          const empty = [];
          state.doc.descendants((node, position) => {
            if (withoutPicture(node)) {
              empty.push([position, position + node.nodeSize]);
            }
            return node.type.name !== "figure";
          });
          if (!empty.length) {
            return null;
          }
          const transaction = state.tr;
          for (const [from, to] of empty.reverse()) {
            transaction.delete(from, to);
          }
          return transaction;
        },
      }),
    ];
  },
});
