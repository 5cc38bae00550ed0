/* Every 15 s while seen: what changed? New updates wait behind a button in the polite live
   region; edits and deletions apply in place. */
(function () {
  var s = document.getElementById("live");
  if (!s || !s.dataset.poll || !window.fetch) return;
  var since = s.dataset.since, waiting = {}, last = 0, timer;
  var list = s.querySelector(".live-updates"), pin = s.querySelector(".live-pinned");
  var news = s.querySelector(".live-news"), events = s.querySelector(".key-events");
  var button = document.createElement("button");
  button.onclick = show;

  function make(html) {
    var t = document.createElement("template");
    t.innerHTML = html;
    return t.content.firstElementChild;
  }
  function place(node, pinned) {
    if (pinned) return pin.replaceChildren(node);
    var all = list.querySelectorAll(".live-update"), i;
    for (i = 0; i < all.length; i++) {
      if (+all[i].dataset.published < +node.dataset.published) return list.insertBefore(node, all[i]);
    }
    // else it belongs on an older page
    if (!s.querySelector(".live-pages a[href^='?']")) list.appendChild(node);
  }
  function summary(u) {
    var old = events.querySelector('[data-update="' + u.id + '"]');
    if (old) old.remove();
    if (u.key_event_html) events.querySelector("ol").prepend(make(u.key_event_html));
    events.hidden = !events.querySelector("li");
  }
  function apply(u) {
    var node = document.getElementById("update-" + u.id);
    if (node && +node.dataset.changed >= u.changed) return;
    summary(u);
    if (u.deleted) {
      delete waiting[u.id];
      if (node) node.remove();
    } else if (node) {
      node.remove();
      place(make(u.html), u.pinned);
    } else {
      waiting[u.id] = u;
    }
  }
  function count() {
    var n = Object.keys(waiting).length;
    if (!n) return button.remove();
    button.textContent = n + (n === 1 ? " new update" : " new updates");
    if (!button.isConnected) news.appendChild(button);
  }
  function show() {
    var ids = Object.keys(waiting), none = list.querySelector(".live-none"), first;
    if (none) none.remove();
    ids.sort(function (a, b) { return waiting[a].published - waiting[b].published; });
    ids.forEach(function (id) {
      first = make(waiting[id].html);
      place(first, waiting[id].pinned);
    });
    waiting = {};
    count();
    if (first) (first.tabIndex = -1), first.focus();
  }
  function poll() {
    if (document.hidden) return;
    last = Date.now();
    fetch(s.dataset.poll + "?since=" + since)
      .then(function (r) { return r.json(); })
      .then(function (d) {
        since = d.since;
        d.updates.forEach(apply);
        count();
        if (!d.open) clearInterval(timer);
      })
      .catch(function () {});
  }
  events.addEventListener("click", function (e) {
    var a = e.target.closest("a");
    if (a && waiting[a.hash.slice(8)]) show();
  });
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && Date.now() - last > 15000) poll();
  });
  timer = setInterval(poll, 15000);
})();
