// The card shown by a passage on hover or keyboard focus: who said it (name,
// type, role), the cue, the words, the chain of reporters ("Yonhap → Kim
// Yong-hyun"), for a claim its status and why, and "uncertain: …" when the
// engine is unsure of its reading. Text only, through textContent: the
// report's strings come from the page and are hostile.
//
// fill() and describe() make the card's content; view() places and shows
// one card in the overlay's shadow root.
(() => {
  "use strict";
  if (globalThis.sourcecheckCard) return; // injected again: keep the first

  const M = () => globalThis.sourcecheckModel;
  const { t, el } = globalThis.sourcecheckDom;

  const percent = (x) => Math.round(100 * x);

  function uncertainLine(doc, data) {
    if (!data.uncertain) return [];
    const why = data.pattern ? t("uncertainPattern", percent(data.confidence), data.pattern) : t("uncertainCard", percent(data.confidence));
    return [el(doc, "span", "uncertain", why)];
  }

  function statementParts(doc, st) {
    const { STATUS_LABEL, TYPE_LABEL, QUOTE_LABEL, CATEGORY_LABEL, quoted } = M();
    const s = st.speaker;
    const status = st.category && st.category !== "statement" ? `${STATUS_LABEL[st.status]} \u00b7 ${CATEGORY_LABEL[st.category]}` : STATUS_LABEL[st.status];
    const nodes = [el(doc, "span", "status", status), ...uncertainLine(doc, st)];
    if (st.surface) nodes.push(el(doc, "span", "surface", t("cardSurface", st.surface)));
    nodes.push(el(doc, "span", "who", s.name));
    const meta = [TYPE_LABEL[s.type] || s.type, s.role].filter(Boolean).join(" \u00b7 ");
    if (meta) nodes.push(el(doc, "span", "meta", meta));
    if (st.chain.length > 1) {
      const chain = el(doc, "span", "chain", t("cardVia"));
      st.chain.forEach((name, i) => {
        if (i) chain.append(doc.createTextNode(" \u2192 "));
        chain.append(el(doc, "b", "", name));
      });
      nodes.push(chain);
    }
    const how = [st.cue ? `\u201c${st.cue}\u201d` : null, QUOTE_LABEL[st.kind]].filter(Boolean).join(", ");
    if (how) nodes.push(el(doc, "span", "meta", t("cardCue", how)));
    nodes.push(el(doc, "span", "what", quoted(st.text, st.kind)));
    return nodes;
  }

  function claimParts(doc, c) {
    const { STATUS_LABEL } = M();
    const nodes = [el(doc, "span", "status", t("cardClaim")), ...uncertainLine(doc, c), el(doc, "span", "who", STATUS_LABEL[c.status])];
    if (c.source) nodes.push(el(doc, "span", "meta", t("cardSourceGiven", c.source)));
    if (c.supportName) nodes.push(el(doc, "span", "meta", t("cardSupportedBy", c.supportName)));
    if (c.reason) nodes.push(el(doc, "span", "reason", t("cardWhy", c.reason)));
    return nodes;
  }

  function linkParts(doc, l) {
    const { LINK_KIND_LABEL } = M();
    return [
      el(doc, "span", "status", t("cardLink", LINK_KIND_LABEL[l.kind] || l.kind)),
      el(doc, "span", "who", l.text),
      el(doc, "span", "meta", l.link.same_site ? t("cardHostThisSite", l.host) : l.host),
    ];
  }

  /** Fills `card` for an entry {type: "statement" | "claim" | "link", data}. */
  function fill(card, entry) {
    const doc = card.ownerDocument;
    const { type, data } = entry;
    const parts = type === "statement" ? statementParts(doc, data) : type === "claim" ? claimParts(doc, data) : linkParts(doc, data);
    card.replaceChildren(...parts);
    card.className = `card ${type === "link" ? "linked" : data.status}${data.uncertain ? " uncertain" : ""}`;
  }

  /** One line for screen readers and button labels: "Jane Doe (person), direct quote: …". */
  function describe(entry) {
    const { STATUS_LABEL, TYPE_LABEL, QUOTE_LABEL } = M();
    const { type, data } = entry;
    const unsure = data.uncertain ? `${t("uncertainLabel", percent(data.confidence))} ` : "";
    if (type === "statement") {
      const via = data.chain.length > 1 ? t("describeVia", data.chain.slice(0, -1).join(t("describeThen"))) : "";
      return unsure + t("describeStatement", data.speaker.name, TYPE_LABEL[data.speaker.type] || data.speaker.type || t("typeSource"), via, QUOTE_LABEL[data.kind], data.text);
    }
    if (type === "claim") return unsure + `${STATUS_LABEL[data.status]}: ${data.text}${data.reason ? `. ${data.reason}` : ""}`;
    return t("describeLink", data.host, data.text);
  }

  /**
   * The overlay's one card: `card` is its element in the shadow root, `rule`
   * a CSSOM rule that places it (style="" falls foul of strict page CSPs),
   * `rightEdge()` where the free width ends (the in-page panel's left edge).
   * Returns {show(entry, rect, fromPointer), hide(), hovered()}.
   */
  function view(card, rule, rightEdge) {
    const doc = card.ownerDocument;
    const win = doc.defaultView ?? globalThis;
    let hovered = null; // {entry, fromPointer}
    return {
      show(entry, rect, fromPointer = false) {
        hovered = { entry, fromPointer };
        fill(card, entry);
        card.hidden = false;
        const vw = doc.documentElement.clientWidth || win.innerWidth;
        const vh = doc.documentElement.clientHeight || win.innerHeight;
        const right = Math.min(vw, rightEdge() || vw);
        const box = card.getBoundingClientRect();
        const left = Math.max(8, Math.min(rect.left, right - box.width - 8));
        let top = rect.bottom + 8;
        if (top + box.height > vh - 8) top = Math.max(8, rect.top - box.height - 8);
        rule.style.setProperty("left", `${left}px`);
        rule.style.setProperty("top", `${top}px`);
      },
      hide() {
        card.hidden = true;
        hovered = null;
      },
      hovered: () => hovered,
    };
  }

  globalThis.sourcecheckCard = Object.freeze({ fill, describe, view });
})();
