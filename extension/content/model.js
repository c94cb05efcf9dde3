// Turns a report (src/report.rs, schema sourcecheck.report/1) into what the
// overlay draws: speakers grouped by entity, each statement with its status
// and its chain of reporters, claims and links grouped for the panel, and
// the hints (the highlighted passages) in reading order; each statement's
// category and each passage's confidence, when the engine gives them.
//
// Plain data in, plain data out: no DOM here, so the www demo's table and the
// Markdown export use the very same grouping as the panel.
(() => {
  "use strict";
  if (globalThis.sourcecheckModel) return; // injected again: keep the first

  const t = globalThis.sourcecheckDom.t;
  const STATUS_LABEL = {
    attributed: t("statusAttributed"),
    linked: t("statusLinked"),
    vague: t("statusVague"),
    anonymous: t("statusAnonymous"),
    unsourced: t("statusUnsourced"),
  };
  const TYPE_LABEL = {
    person: t("typePerson"),
    organization: t("typeOrganization"),
    outlet: t("typeOutlet"),
    document: t("typeDocument"),
    vague: t("typeVague"),
    anonymous: t("typeAnonymous"),
  };
  const QUOTE_LABEL = { direct: t("quoteDirect"), indirect: t("quoteIndirect"), mixed: t("quoteMixed") };
  const LINK_KIND_LABEL = {
    "same-site": t("linkSameSite"),
    news: t("linkNews"),
    government: t("linkGovernment"),
    academic: t("linkAcademic"),
    social: t("linkSocial"),
    video: t("linkVideo"),
    archive: t("linkArchive"),
    document: t("linkDocument"),
    other: t("linkOther"),
  };
  // What the attribution engine says a statement is (report field
  // `category`, optional: missing means a plain statement).
  const CATEGORIES = ["statement", "belief", "intention", "evidence"];
  const CATEGORY_LABEL = {
    statement: t("categoryStatement"),
    belief: t("categoryBelief"),
    intention: t("categoryIntention"),
    evidence: t("categoryEvidence"),
  };
  // Below this the engine is unsure (report field `confidence`, 0..1,
  // optional: missing means certain); such passages are drawn lighter.
  const UNCERTAIN_BELOW = 0.5;
  const LINK_KIND_ORDER = ["government", "academic", "document", "news", "archive", "social", "video", "other", "same-site"];

  const list = (x) => (Array.isArray(x) ? x : []);
  const isNum = (x) => typeof x === "number" && Number.isFinite(x);
  const confidenceOf = (x) => (isNum(x.confidence) ? Math.min(1, Math.max(0, x.confidence)) : 1);
  const categoryOf = (a) => (CATEGORY_LABEL[a.category] ? a.category : "statement");

  /** The claim-like status of an attribution, from its source's type. */
  function attributionStatus(a) {
    const type = a && a.source ? a.source.type : null;
    if (type === "vague") return "vague";
    if (type === "anonymous") return "anonymous";
    return "attributed";
  }

  // Direct quotes usually carry their own quotation marks; add them when not.
  function quoted(text, kind) {
    const t = String(text ?? "");
    if (kind !== "direct" || /^[\u201c"\u00ab\u201e\u2018']/.test(t)) return t;
    return `\u201c${t}\u201d`;
  }

  function hostOf(href) {
    try {
      return new URL(href).host || href;
    } catch {
      return href;
    }
  }

  /**
   * Builds the view of a report. Tolerates missing fields (a report from an
   * older or newer engine): whatever cannot be placed is left out, never thrown.
   */
  function build(report) {
    const steps = builder(report);
    for (;;) {
      const { done, value } = steps.next();
      if (done) return value;
    }
  }

  /**
   * The same in slices of a few milliseconds, for huge reports on the page's
   * main thread: resolves to the view.
   */
  async function buildAsync(report, sliceMs = 8) {
    const steps = builder(report);
    let deadline = performance.now() + sliceMs;
    for (;;) {
      const { done, value } = steps.next();
      if (done) return value;
      if (performance.now() > deadline) {
        await globalThis.sourcecheckDom.yieldToPage();
        deadline = performance.now() + sliceMs;
      }
    }
  }

  // The work of build(), pausing (yield) every few hundred items.
  function* builder(report) {
    const r = report && typeof report === "object" ? report : {};
    // Every loop pauses now and then: on a million-word page each list has
    // tens of thousands of items.
    const entities = new Map();
    let k = 0;
    for (const e of list(r.entities)) {
      if ((++k & 1023) === 0) yield;
      if (e) entities.set(e.id, e);
    }
    const byId = new Map();
    for (const a of list(r.attributions)) {
      if ((++k & 1023) === 0) yield;
      if (a) byId.set(a.id, a);
    }

    const nameOf = (a) => {
      const src = (a && a.source) || {};
      const e = src.entity ? entities.get(src.entity) : null;
      return (e && e.name) || src.name || src.text || t("unknownSource");
    };

    // "Yonhap → Kim Yong-hyun": the outermost reporter first. Guarded against cycles.
    const chainOf = (a) => {
      const names = [nameOf(a)];
      const seen = new Set([a.id]);
      for (let p = byId.get(a.parent); p && !seen.has(p.id) && names.length < 12; p = byId.get(p.parent)) {
        seen.add(p.id);
        names.unshift(nameOf(p));
      }
      return names;
    };

    // The words as written when they differ from the name they resolve to.
    const surfaceOf = (src, name) => {
      const text = typeof src.text === "string" ? src.text.trim() : "";
      const plain = (x) => x.toLowerCase().replace(/^the\s+/, "").replace(/\u2019/g, "'");
      return text && name && plain(text) !== plain(name) ? text : "";
    };

    const statements = [];
    const speakers = new Map(); // entity id (or name) -> speaker
    let n = 0;
    for (const a of list(r.attributions)) {
      if ((++n & 255) === 0) yield;
      if (!a || !a.source) continue;
      const src = a.source;
      const entity = src.entity ? entities.get(src.entity) : null;
      const key = src.entity || `name:${src.name}`;
      let speaker = speakers.get(key);
      if (!speaker) {
        speaker = {
          key,
          name: nameOf(a),
          type: (entity && entity.type) || src.type || null,
          role: (entity && entity.role) || null,
          aliases: entity ? list(entity.aliases) : [],
          statements: [],
        };
        speakers.set(key, speaker);
      }
      const kind = QUOTE_LABEL[a.kind] ? a.kind : "indirect";
      const content = a.content || {};
      const st = {
        id: a.id,
        attribution: a,
        speaker,
        status: attributionStatus(a),
        kind,
        cue: (a.cue && a.cue.text) || "",
        // The source as written ("he", "the minister"), shown beside the resolved name.
        surface: surfaceOf(src, speaker.name),
        text: content.text || "",
        chain: chainOf(a),
        category: categoryOf(a),
        confidence: confidenceOf(a),
        uncertain: confidenceOf(a) < UNCERTAIN_BELOW,
        pattern: typeof a.pattern === "string" ? a.pattern : null,
        // The content may end in a later block than the attribution's own.
        block: isNum(content.block) ? content.block : a.block,
        start: content.start,
        end: content.end,
        entry: null, // the overlay's drawing state, once drawn
      };
      speaker.statements.push(st);
      statements.push(st);
    }

    const claims = [];
    for (const c of list(r.claims)) {
      if ((++n & 255) === 0) yield;
      if (!c || !STATUS_LABEL[c.status]) continue;
      const support = c.support ? byId.get(c.support) : null;
      claims.push({
        id: c.id,
        claim: c,
        status: c.status,
        text: c.text || "",
        reason: c.reason || "",
        source: c.source || null,
        supportName: support ? nameOf(support) : null,
        confidence: confidenceOf(c),
        uncertain: confidenceOf(c) < UNCERTAIN_BELOW,
        block: c.block,
        start: c.start,
        end: c.end,
        entry: null,
      });
    }

    const links = [];
    const linkGroups = new Map();
    for (const l of list(r.links)) {
      if ((++n & 1023) === 0) yield;
      if (!l || !l.href) continue;
      links.push(l);
      const kind = LINK_KIND_LABEL[l.kind] ? l.kind : "other";
      if (!linkGroups.has(kind)) linkGroups.set(kind, []);
      linkGroups.get(kind).push({ id: l.id, link: l, kind, host: hostOf(l.href), text: l.text || l.href, block: l.block, start: l.start, end: l.end, entry: null });
    }
    const linkList = LINK_KIND_ORDER.filter((k) => linkGroups.has(k)).map((k) => ({ kind: k, label: LINK_KIND_LABEL[k], links: linkGroups.get(k) }));

    // Counts per status, the figure on each legend chip: statements and claims.
    const counts = {};
    for (const s of Object.keys(STATUS_LABEL)) counts[s] = 0;
    const categoryCounts = {};
    for (const c of CATEGORIES) categoryCounts[c] = 0;
    let uncertain = 0;
    // A vague or unnamed claim usually holds a statement of the same kind
    // ("Experts say …"): one passage for the reader, counted once.
    const inBlock = new Map();
    for (const st of statements) {
      if ((++n & 1023) === 0) yield;
      counts[st.status]++;
      categoryCounts[st.category]++;
      if (st.uncertain) uncertain++;
      if (!inBlock.has(st.block)) inBlock.set(st.block, []);
      inBlock.get(st.block).push(st);
    }
    const holds = (c) => (inBlock.get(c.block) ?? []).some((st) => st.status === c.status && st.start >= c.start && st.end <= c.end);
    const lacking = [];
    for (const c of claims) {
      if ((++n & 1023) === 0) yield;
      if (c.status === "unsourced" || c.status === "vague" || c.status === "anonymous") lacking.push(c);
      if (c.status === "attributed") continue;
      if ((c.status === "vague" || c.status === "anonymous") && holds(c)) continue;
      counts[c.status]++;
      if (c.uncertain) uncertain++;
    }

    // What the summary calls statements: speech and writing (a belief, an
    // intention or a vote is listed under its own kind, off by default), and
    // the sources they come from.
    const spoken = statements.filter((st) => st.category === "statement");
    const said = {
      statements: spoken.length,
      sources: new Set(spoken.map((st) => st.speaker.key)).size,
      named: spoken.filter((st) => st.status !== "vague" && st.status !== "anonymous").length,
    };

    return {
      title: r.title || null,
      summary: r.summary || null,
      notes: list(r.notes),
      blocks: list(r.blocks),
      speakers: [...speakers.values()],
      statements,
      said,
      claims,
      lacking,
      links: linkList,
      linkCount: links.length,
      counts,
      categoryCounts,
      uncertain,
    };
  }

  globalThis.sourcecheckModel = Object.freeze({
    build, buildAsync, attributionStatus, quoted, hostOf, STATUS_LABEL, TYPE_LABEL, QUOTE_LABEL, LINK_KIND_LABEL,
    CATEGORIES, CATEGORY_LABEL, UNCERTAIN_BELOW,
  });
})();
