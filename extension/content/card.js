// The card shown by a hint on hover or keyboard focus: who said it (name,
// type, role), the cue, the words, the chain of reporters ("Yonhap → Kim
// Yong-hyun"), and for a claim its status and why. Text only, through
// textContent: the report's strings come from the page and are hostile.
(() => {
  "use strict";
  if (globalThis.sourcecheckCard) return; // injected again: keep the first

  const M = () => globalThis.sourcecheckModel;

  function el(doc, tag, className, text) {
    const node = doc.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function statementParts(doc, st) {
    const { STATUS_LABEL, TYPE_LABEL, QUOTE_LABEL, quoted } = M();
    const s = st.speaker;
    const nodes = [el(doc, "span", "status", STATUS_LABEL[st.status])];
    nodes.push(el(doc, "span", "who", s.name));
    const meta = [TYPE_LABEL[s.type] || s.type, s.role].filter(Boolean).join(" \u00b7 ");
    if (meta) nodes.push(el(doc, "span", "meta", meta));
    if (st.chain.length > 1) {
      const chain = el(doc, "span", "chain", "Via: ");
      st.chain.forEach((name, i) => {
        if (i) chain.append(doc.createTextNode(" \u2192 "));
        chain.append(el(doc, "b", "", name));
      });
      nodes.push(chain);
    }
    const how = [st.cue ? `\u201c${st.cue}\u201d` : null, QUOTE_LABEL[st.kind]].filter(Boolean).join(", ");
    if (how) nodes.push(el(doc, "span", "meta", `Cue: ${how}`));
    nodes.push(el(doc, "span", "what", quoted(st.text, st.kind)));
    return nodes;
  }

  function claimParts(doc, c) {
    const { STATUS_LABEL } = M();
    const nodes = [el(doc, "span", "status", "Claim"), el(doc, "span", "who", STATUS_LABEL[c.status])];
    if (c.source) nodes.push(el(doc, "span", "meta", `Source given: \u201c${c.source}\u201d`));
    if (c.supportName) nodes.push(el(doc, "span", "meta", `Supported by: ${c.supportName}`));
    if (c.reason) nodes.push(el(doc, "span", "reason", `Why: ${c.reason}`));
    return nodes;
  }

  function linkParts(doc, l) {
    const { LINK_KIND_LABEL } = M();
    return [
      el(doc, "span", "status", `Link \u00b7 ${LINK_KIND_LABEL[l.kind] || l.kind}`),
      el(doc, "span", "who", l.text),
      el(doc, "span", "meta", `${l.host}${l.link.same_site ? " (this site)" : ""}`),
    ];
  }

  /** Fills `card` for an entry {type: "statement" | "claim" | "link", data}. */
  function fill(card, entry) {
    const doc = card.ownerDocument;
    const { type, data } = entry;
    const parts = type === "statement" ? statementParts(doc, data) : type === "claim" ? claimParts(doc, data) : linkParts(doc, data);
    card.replaceChildren(...parts);
    card.className = `card ${type === "link" ? "linked" : data.status}`;
  }

  /** One line for screen readers and button labels: "Jane Doe (person), direct quote: …". */
  function describe(entry) {
    const { STATUS_LABEL, TYPE_LABEL, QUOTE_LABEL } = M();
    const { type, data } = entry;
    if (type === "statement") {
      const via = data.chain.length > 1 ? `, via ${data.chain.slice(0, -1).join(" then ")}` : "";
      return `${data.speaker.name} (${TYPE_LABEL[data.speaker.type] || data.speaker.type || "source"})${via}, ${QUOTE_LABEL[data.kind]}: ${data.text}`;
    }
    if (type === "claim") return `${STATUS_LABEL[data.status]}: ${data.text}${data.reason ? `. ${data.reason}` : ""}`;
    return `Link to ${data.host}: ${data.text}`;
  }

  globalThis.sourcecheckCard = Object.freeze({ fill, describe });
})();
