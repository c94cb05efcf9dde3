//! Finding the article: which blocks a reader mode would keep.
//!
//! Pages mix the story with navigation, related links, footers, cookie
//! banners and comments. Like reader modes we combine several signals:
//! landmarks (`nav`, `aside`, `footer`… are never the story; `article` and
//! `main` weigh in its favour), class/id hints read from the block outwards
//! ("comment" before "article-body" means a comment), link density, and
//! text density. Each block gets a weight (long prose counts for, furniture
//! against) and the story is the heaviest run of consecutive blocks
//! (as in body-text extraction), grown over sibling paragraphs at its edges,
//! with the headline before it and a reference list after it. Furniture
//! inside the run (an inline ad, a share bar) is dropped.
//!
//! A page with no structure at all (plain text) keeps every block.

use std::collections::HashSet;

use super::{rules, ArticleRules, Block, BlockKind, PageModel};

/// Blocks shorter than this (in characters) weigh against the run they are in.
const PROSE_MIN: i64 = 40;
/// What a furniture block costs beyond its length: enough that a related-story
/// card (headline link + teaser) never joins the story.
const FURNITURE_COST: i64 = 100;
/// How many short blocks of another container the run may grow over to reach
/// more of its own paragraphs.
const GROW_GAP: usize = 12;
/// How many link-led list items in a row make a teaser list.
const TEASER_RUN: usize = 3;
/// What landmarks `article` and `main` add to a prose block.
const LANDMARK_BONUS: i64 = 30;

fn lists() -> &'static ArticleRules {
    &rules().article
}

/// True for a heading that opens a list of references ("References", "Sources").
pub fn is_reference_heading(text: &str) -> bool {
    let t = text.trim().trim_end_matches(':').to_lowercase();
    lists().references.contains(t.as_str())
}

/// What one class or id token says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Says {
    /// Furniture, plainly ("comments", "related-links", "sidebar").
    Furniture,
    /// Furniture only when nothing else says anything ("widget", "paywall"):
    /// page builders put these words on the story's own containers too.
    Weak,
    /// The story ("article-body", "entry-content").
    Story,
}

/// What a class or id says, reading its parts ("related-stories" → related).
/// A multi-part hint ("most-read") is matched on the whole token or on two
/// neighbouring parts. A token with both kinds of part is furniture if the
/// furniture part is a plain one ("comment_content"), else the story
/// ("elementor-widget-theme-post-content").
fn hint_says(token: &str) -> Option<Says> {
    // camelCase and snake_case become hyphenated parts: "relatedLinks" → "related-links".
    let mut norm = String::with_capacity(token.len() + 4);
    let mut prev_lower = false;
    for c in token.chars() {
        if c.is_uppercase() && prev_lower {
            norm.push('-');
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        norm.push(if c == '_' { '-' } else { c.to_ascii_lowercase() });
    }
    let l = lists();
    let parts: Vec<&str> = norm.split('-').filter(|p| !p.is_empty()).collect();
    let pairs: Vec<String> = parts.windows(2).map(|w| format!("{}-{}", w[0], w[1])).collect();
    let any = |set: &std::collections::HashSet<&str>| {
        set.contains(norm.as_str())
            || parts.iter().any(|p| set.contains(p))
            || pairs.iter().any(|p| set.contains(p.as_str()))
    };
    if any(&l.hints) {
        Some(Says::Furniture)
    } else if parts.iter().any(|p| l.story.contains(p)) {
        Some(Says::Story)
    } else if any(&l.weak_hints) {
        Some(Says::Weak)
    } else {
        None
    }
}

/// How much less each token counts than the one before it, read from the
/// block outwards: the innermost container speaks loudest, so a comment box
/// inside the article body is a comment, and "comments-open" on `body` does
/// not sink the story inside `div.article-body`.
const HINT_DECAY: f32 = 0.6;
/// What a story word counts against a furniture word at the same depth:
/// less than one, so that furniture said first is never outvoted by story
/// words further out (0.5 × 0.6 / (1 − 0.6) < 1).
const STORY_VOTE: f32 = 0.5;

/// Whether the block's class/id hints make it furniture: furniture words
/// vote against, story words for, each less the further out it is; weak
/// furniture words decide only when no other word says anything.
fn hints_say_furniture(hints: &str) -> bool {
    hint_verdict(hints) == Some(Says::Furniture)
}

/// The vote of [`hints_say_furniture`]: furniture, the story, or nothing said.
fn hint_verdict(hints: &str) -> Option<Says> {
    let (mut score, mut weak, mut depth) = (0.0f32, false, 1.0f32);
    for says in hints.split(' ').filter(|t| !t.is_empty()).map(hint_says) {
        match says {
            Some(Says::Furniture) => score -= depth,
            Some(Says::Story) => score += STORY_VOTE * depth,
            Some(Says::Weak) => weak = true,
            None => {}
        }
        depth *= HINT_DECAY;
    }
    if score < 0.0 || (score == 0.0 && weak) {
        Some(Says::Furniture)
    } else {
        (score > 0.0).then_some(Says::Story)
    }
}

/// A short block that only dates the page: "Updated 15M ago",
/// "5:27 am CST, Wednesday, November 20, 2019", "2019-11-13T23:06:00+01:00".
/// Every word is a number or a date word, and one is a number or a month.
fn is_timestamp(text: &str) -> bool {
    if text.chars().count() > 100 {
        return false;
    }
    let l = lists();
    let (mut number, mut month, mut others) = (false, false, 0);
    for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if word.starts_with(|c: char| c.is_ascii_digit()) {
            number = true;
            continue;
        }
        let lower = word.to_lowercase();
        if l.months.contains(lower.as_str()) {
            month = true;
        } else if !l.date_words.contains(lower.as_str()) {
            // A name may come with a full date ("Associated Press November 19, 2019").
            if !word.starts_with(char::is_uppercase) {
                return false;
            }
            others += 1;
        }
    }
    let full_date = number && month;
    (number || month) && (others == 0 || (full_date && others <= 3 && !text.trim_end().ends_with('.')))
}

/// A byline: a short line that opens with "By" and a capitalised name and
/// does not end as a sentence does ("By Jane Doe and Omar Reyes, Reuters").
fn is_byline(text: &str) -> bool {
    let t = text.trim();
    if t.chars().count() > 100 || t.ends_with(['.', '!', '?']) {
        return false;
    }
    lists().bylines.iter().any(|opener| {
        t.get(..opener.len()).is_some_and(|head| head.eq_ignore_ascii_case(opener))
            && t[opener.len()..].starts_with(' ')
            && t[opener.len()..].trim_start().starts_with(|c: char| c.is_uppercase())
    })
}

/// A block that is only an address ("https://static6.example.de/image.jpg"),
/// an e-mail address or a profile address without its scheme
/// ("jane.doe@example.com", "twitter.com/janedoe": a contact line), or
/// mostly a list of addresses (an image gallery's data: two or more, over
/// half the characters).
fn is_bare_url(text: &str) -> bool {
    let t = text.trim();
    let is_url = |w: &str| w.starts_with("http://") || w.starts_with("https://") || w.starts_with("www.");
    if is_url(t) && t.len() < 300 && t.matches(' ').count() <= 3 {
        return true;
    }
    if !t.contains(char::is_whitespace) && t.len() < 100 {
        let email = t.split_once('@').is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
        let profile = t.split_once('/').is_some_and(|(host, path)| {
            let tld = host.rsplit_once('.').map_or("", |(_, tld)| tld);
            tld.len() >= 2
                && tld.chars().all(|c| c.is_ascii_alphabetic())
                && !path.is_empty()
                && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        });
        if email || profile {
            return true;
        }
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    let url_chars: usize = words.iter().filter(|w| is_url(w)).map(|w| w.len()).sum();
    words.iter().filter(|w| is_url(w)).count() >= 2 && url_chars * 2 > t.len()
}

/// A block that is only a widget's label ("Caption", "Close", "Topics",
/// "Like this:"): the whole text, lower case, less a trailing ':', '.', '…'.
fn is_widget_label(text: &str) -> bool {
    if text.len() > 40 {
        return false;
    }
    let lower = text.trim().to_lowercase();
    let t = lower.trim_end_matches(['.', ':', '…', ' ']);
    lists().labels.contains(t)
}

/// A block that opens with an unrendered shortcode of a blog engine:
/// `[button link="…"]`, `[caption id=…]`, `[gallery]…[/gallery]`. The
/// name is ASCII and either has attributes (`=` before the first `]`) or
/// is closed later in the block; an editor's bracket ("[Update]",
/// "[사진=JTBC]") is not one.
fn is_shortcode(text: &str) -> bool {
    let Some(rest) = text.trim_start().strip_prefix('[') else {
        return false;
    };
    let name: String = rest.chars().take_while(|c| c.is_ascii_alphabetic() || *c == '_' || *c == '-').collect();
    if name.is_empty() || !rest[name.len()..].starts_with([' ', ']']) {
        return false;
    }
    let head = rest.split(']').next().unwrap_or("");
    head.contains('=') || text.contains(&format!("[/{name}]"))
}

/// A photo credit or caption line: "Photo: Hau Dinh, AP", "Kathrin Ziegler/Getty".
fn is_credit(lower: &str, chars: usize) -> bool {
    let l = lists();
    chars < 160
        && (l.credit_openers.iter().any(|o| lower.starts_with(o)) || l.credit_marks.iter().any(|m| lower.contains(m)))
}

/// Furniture by itself: a landmark, a hint, a caption, link density, a
/// furniture opener, a timestamp, byline or credit, or a short unpunctuated
/// list item outside a story container (a menu entry). `hinted` is the
/// block's hint verdict; `own_list`, whether the block is an item of the
/// story's own list ([`own_lists`]): a long one is not judged by its links.
fn is_furniture(b: &Block, in_references: bool, hinted: Option<Says>, own_list: bool) -> bool {
    // An article's own `header` holds its headline: only that heading is spared.
    let headline = b.kind == BlockKind::Heading && b.landmark.as_deref() == Some("header");
    if b.landmark.as_deref().is_some_and(|l| lists().furniture_landmarks.contains(&l)) && !headline {
        return true;
    }
    if hinted == Some(Says::Furniture) {
        return true;
    }
    let chars = b.text.chars().count().max(1);
    if in_references {
        return false;
    }
    // Captions and credits describe a picture, not the story.
    if b.kind == BlockKind::Caption {
        return true;
    }
    let link_chars: usize = b.links.iter().map(|l| l.text.chars().count()).sum();
    let own_item = own_list && chars as i64 >= PROSE_MIN && link_chars * 4 <= chars * 3;
    if link_chars * 2 > chars && !own_item {
        return true;
    }
    // "Headline-link + teaser" list items of related-story lists.
    let link_led = b.links.first().is_some_and(|l| l.start == 0) && link_chars * 3 >= chars;
    if b.kind == BlockKind::ListItem && link_led && !own_item {
        return true;
    }
    let lower: String = b.text.trim_start().chars().take(48).collect::<String>().to_lowercase();
    if chars < 200 && lists().openers.iter().any(|o| lower.starts_with(o)) {
        return true;
    }
    if is_timestamp(&b.text) || is_byline(&b.text) || is_bare_url(&b.text) || is_widget_label(&b.text) {
        return true;
    }
    if is_shortcode(&b.text) {
        return true;
    }
    if chars < 160 && is_credit(&b.text.to_lowercase(), chars) {
        return true;
    }
    // A story's own short list ("GPS", "Optical heart sensor") stays.
    b.kind == BlockKind::ListItem && chars < 40 && !b.text.contains(['.', '!', '?']) && hinted != Some(Says::Story)
}

/// Returns the indices of the page-model blocks that form the article, in order.
pub fn article_blocks(page: &PageModel) -> Vec<usize> {
    let blocks = &page.blocks;
    let structured = blocks.iter().any(|b| b.landmark.is_some() || !b.hints.is_empty());
    if !structured {
        // Plain text: nothing to tell furniture by but link density.
        return (0..blocks.len()).filter(|&i| !is_link_list(&blocks[i])).collect();
    }
    let mut in_refs = vec![false; blocks.len()];
    let mut refs_open = false;
    for (i, b) in blocks.iter().enumerate() {
        if b.kind == BlockKind::Heading {
            refs_open = is_reference_heading(&b.text);
        } else {
            in_refs[i] = refs_open;
        }
    }
    // Neighbouring blocks mostly share their hints: read each hint string once.
    let mut verdicts: std::collections::HashMap<&str, Option<Says>> = std::collections::HashMap::new();
    let own = own_lists(blocks);
    let mut furniture: Vec<bool> = blocks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let hinted = *verdicts.entry(b.hints.as_str()).or_insert_with(|| hint_verdict(&b.hints));
            is_furniture(b, in_refs[i], hinted, own[i])
        })
        .collect();
    mark_teaser_lists(blocks, &in_refs, &own, &mut furniture);
    mark_teaser_cards(blocks, &in_refs, &mut furniture);
    // Text with no letter or digit in it (a no-break space, a bullet) says
    // nothing: never kept, and it weighs nothing either way.
    let empty: Vec<bool> = blocks.iter().map(|b| !b.text.chars().any(char::is_alphanumeric)).collect();
    let skip = |i: usize| furniture[i] || empty[i];
    let weight = |i: usize| -> i64 {
        let b = &blocks[i];
        let len = b.text.chars().count() as i64;
        if empty[i] {
            0
        } else if furniture[i] {
            -len - FURNITURE_COST
        } else if b.kind == BlockKind::Heading {
            -10
        } else if len < PROSE_MIN && matches!(b.tag.as_str(), "td" | "th") {
            // A data table's cells are short but part of what they sit in:
            // they neither break a run nor start one.
            0
        } else {
            let in_story_landmark = matches!(b.landmark.as_deref(), Some("article" | "main"));
            let bonus = if in_story_landmark && len >= PROSE_MIN { LANDMARK_BONUS } else { 0 };
            len - PROSE_MIN + bonus
        }
    };
    // The heaviest run of consecutive blocks (Kadane).
    let (mut best, mut best_run) = (i64::MIN, 0..0);
    let (mut sum, mut start) = (0i64, 0usize);
    for i in 0..blocks.len() {
        if sum <= 0 {
            sum = 0;
            start = i;
        }
        sum += weight(i);
        if sum > best {
            best = sum;
            best_run = start..i + 1;
        }
    }
    if best <= 0 {
        return Vec::new();
    }
    // Grow the run over the story's own paragraphs at its edges: blocks that
    // share landmark and hints with one inside it (siblings), skipping furniture.
    let signature = |i: usize| (blocks[i].landmark.as_deref(), blocks[i].hints.as_str());
    let kin: HashSet<_> = best_run.clone().filter(|&i| !skip(i)).map(signature).collect();
    // Kin: a sibling of a block in the run, or a block nested inside the
    // container one of them sits in directly (a table or a list in the
    // story's own `div`: its hints end with that block's hints).
    let is_kin = |k: usize| {
        let (landmark, hints) = signature(k);
        std::iter::once(hints)
            .chain(hints.match_indices(' ').map(|(at, _)| &hints[at + 1..]))
            .any(|suffix| kin.contains(&(landmark, suffix)))
    };
    let (mut lo, mut hi) = (best_run.start, best_run.end);
    // The next kin block from `from` on (in `order`), looking past short
    // non-kin blocks (a table's cells, a one-line label) for at most GROW_GAP
    // blocks: those come along only if a kin block follows them.
    let next_kin = |order: &mut dyn Iterator<Item = usize>| -> Option<usize> {
        let mut gap = 0;
        for k in order.filter(|&k| !skip(k)) {
            if is_kin(k) {
                return Some(k);
            }
            gap += 1;
            if gap > GROW_GAP || blocks[k].text.chars().count() as i64 >= PROSE_MIN {
                return None;
            }
        }
        None
    };
    while let Some(k) = next_kin(&mut (hi..blocks.len())) {
        hi = k + 1;
    }
    while let Some(k) = next_kin(&mut (0..lo).rev()) {
        lo = k;
    }
    let mut keep: Vec<usize> = (lo..hi).filter(|&i| !skip(i)).collect();
    // The headline: the last h1 before the run, unless it is furniture by hint.
    if let Some(h) = (0..lo).rev().find(|&i| blocks[i].tag == "h1") {
        let b = &blocks[h];
        let landmark_ok = !matches!(b.landmark.as_deref(), Some("nav" | "aside" | "footer" | "form"));
        if landmark_ok && !hints_say_furniture(&b.hints) && !keep.contains(&h) {
            keep.insert(0, h);
        }
    }
    // A reference list at the end of the story belongs to it, links and all.
    let next = (hi..blocks.len()).find(|&k| !furniture[k]);
    if let Some(h) = next.filter(|&h| blocks[h].kind == BlockKind::Heading && is_reference_heading(&blocks[h].text)) {
        keep.push(h);
    }
    if let Some(&h) =
        keep.iter().rev().find(|&&h| blocks[h].kind == BlockKind::Heading && is_reference_heading(&blocks[h].text))
    {
        keep.extend((h + 1..blocks.len()).take_while(|&k| in_refs[k]).filter(|&k| !skip(k)));
        keep.sort_unstable();
        keep.dedup();
    }
    // The author's bio closes many stories ("Jane Doe is a reporter for…").
    while keep.len() > 2 && keep.last().is_some_and(|&k| is_author_bio(&blocks[k].text)) {
        keep.pop();
    }
    drop_repeats(blocks, keep)
}

/// How many words after the bio verb may come before the trade.
const BIO_ROLE_WITHIN: usize = 8;

/// An author's bio: a short block (under 300 characters) opening with one
/// to three capitalised words (the name) and a bio verb ("is", "covers"),
/// whose first sentence names a trade ("reporter", "curator") within
/// [`BIO_ROLE_WITHIN`] words: "Jane Doe is
/// a staff writer at the Gazette", "Omar Reyes covers energy for …".
fn is_author_bio(text: &str) -> bool {
    let l = lists();
    let t = text.trim();
    if t.chars().count() >= 300 {
        return false;
    }
    let sentence = t.split_inclusive(['.', '!', '?']).next().unwrap_or(t);
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let Some(verb) = (1..=3.min(words.len().saturating_sub(1)))
        .find(|&j| words[..j].iter().all(|w| w.starts_with(char::is_uppercase)) && l.bio_verbs.contains(words[j]))
    else {
        return false;
    };
    words[verb + 1..].iter().take(BIO_ROLE_WITHIN).any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        l.bio_roles.contains(w.as_str()) || w.strip_suffix('s').is_some_and(|s| l.bio_roles.contains(s))
    })
}

/// A list of teasers: at least [`TEASER_RUN`] list items in a row, of one
/// list (same hints), each opening with a link (a headline) however long
/// the blurb after it, or each a quarter link or more ("More Great WIRED
/// Stories"). A story's own lists seldom link every item so; "most read",
/// "latest" and ticker lists always do. The story's own lists
/// ([`own_lists`]) are no teasers, however linked.
fn mark_teaser_lists(blocks: &[Block], in_refs: &[bool], own: &[bool], furniture: &mut [bool]) {
    let opens_with_link = |b: &Block| {
        let link_chars: usize = b.links.iter().map(|l| l.text.chars().count()).sum();
        b.kind == BlockKind::ListItem
            && (b.links.first().is_some_and(|l| l.start == 0) || link_chars * 4 >= b.text.chars().count())
    };
    let mut i = 0;
    while i < blocks.len() {
        if !opens_with_link(&blocks[i]) || in_refs[i] || own[i] {
            i += 1;
            continue;
        }
        let end = (i + 1..blocks.len())
            .find(|&k| !opens_with_link(&blocks[k]) || blocks[k].hints != blocks[i].hints || in_refs[k])
            .unwrap_or(blocks.len());
        if end - i >= TEASER_RUN {
            furniture[i..end].iter_mut().for_each(|f| *f = true);
            // Its label ("More Great WIRED Stories", "Most read") goes with it.
            if let Some(label) = i.checked_sub(1).filter(|&k| is_label(&blocks[k])) {
                furniture[label] = true;
            }
        }
        i = end;
    }
}

/// A grid of teaser cards: at least [`TEASER_RUN`] pairs in a row of a
/// title that is all link and a short blurb with no link of its own
/// ([`BLURB_MAX`] characters), the blurbs sharing their hints ("Most popular
/// diets": title, two lines, title, two lines…). The titles are furniture
/// already (link density); the blurbs go with them, and so does the grid's
/// label before the first title.
fn mark_teaser_cards(blocks: &[Block], in_refs: &[bool], furniture: &mut [bool]) {
    let all_link = |b: &Block| {
        let link_chars: usize = b.links.iter().map(|l| l.text.chars().count()).sum();
        !b.links.is_empty() && link_chars * 10 >= b.text.chars().count() * 9
    };
    let blurb = |b: &Block| b.links.is_empty() && b.kind != BlockKind::Heading && b.text.chars().count() < BLURB_MAX;
    let pair_at = |k: usize| k + 1 < blocks.len() && !in_refs[k + 1] && all_link(&blocks[k]) && blurb(&blocks[k + 1]);
    let mut i = 0;
    while i < blocks.len() {
        if !pair_at(i) {
            i += 1;
            continue;
        }
        let mut end = i;
        while pair_at(end) && blocks[end + 1].hints == blocks[i + 1].hints {
            end += 2;
        }
        if (end - i) / 2 >= TEASER_RUN {
            furniture[i..end].iter_mut().for_each(|f| *f = true);
            if let Some(label) = i.checked_sub(1).filter(|&k| is_label(&blocks[k])) {
                furniture[label] = true;
            }
            i = end;
        } else {
            i += 1;
        }
    }
}

/// The longest blurb of a teaser card (characters).
const BLURB_MAX: usize = 160;

/// The items of the story's own lists: a list item right after a paragraph
/// of prose ([`PROSE_MIN`] characters or more) in the very same container
/// (equal hints: the list has no class of its own), and the items after it
/// in that container ("Good morning! Here is the news:" and its linked
/// items). Teaser and "read more" lists come in their own box, or after a
/// label or a heading.
fn own_lists(blocks: &[Block]) -> Vec<bool> {
    let mut own = vec![false; blocks.len()];
    for i in 1..blocks.len() {
        let (b, prev) = (&blocks[i], &blocks[i - 1]);
        if b.kind != BlockKind::ListItem || b.hints != prev.hints {
            continue;
        }
        own[i] = if prev.kind == BlockKind::ListItem {
            own[i - 1]
        } else {
            matches!(prev.kind, BlockKind::Paragraph | BlockKind::Quote)
                && prev.text.chars().count() as i64 >= PROSE_MIN
                && prev.links.iter().map(|l| l.text.chars().count()).sum::<usize>() * 2 <= prev.text.chars().count()
        };
    }
    own
}

/// A short line that is not a sentence: a heading or the title of a box.
fn is_label(b: &Block) -> bool {
    b.kind != BlockKind::ListItem && b.text.chars().count() < 60 && !b.text.trim_end().ends_with(['.', '!', '?', ':'])
}

/// Leaves out a kept block whose text the article already holds: pages
/// repeat the headline, or the whole story in a hidden copy for search
/// engines. A block goes when it is the first kept block's text again (the
/// headline), or when it holds several kept blocks at once: it is long
/// ([`COPY_MIN`] bytes), [`COPY_FACTOR`] times longer than any block kept
/// before it, and most of its four-word shingles were seen before. A
/// repeated paragraph of the story itself stays (recipes repeat lines, and
/// a generated long article its paragraphs).
///
/// Shingles are only hashed when such a long block turns up, so an
/// ordinary article costs one pass over its blocks' lengths.
fn drop_repeats(blocks: &[Block], keep: Vec<usize>) -> Vec<usize> {
    let mut seen: HashSet<u64> = HashSet::new();
    let mut hashed = 0; // out[..hashed] have their shingles in `seen`
    let mut longest = 0usize;
    let mut out: Vec<usize> = Vec::with_capacity(keep.len());
    let first = keep.first().map(|&i| blocks[i].text.as_str());
    for i in keep {
        let text = blocks[i].text.as_str();
        if !out.is_empty() && Some(text) == first {
            continue;
        }
        let len = text.len();
        if len >= COPY_MIN && longest > 0 && len > longest * COPY_FACTOR {
            for &k in &out[hashed..] {
                seen.extend(shingles(&blocks[k].text));
            }
            hashed = out.len();
            let own = shingles(text);
            let known = own.iter().filter(|h| seen.contains(h)).count();
            if !own.is_empty() && known * 5 >= own.len() * 4 {
                continue;
            }
        }
        longest = longest.max(len);
        out.push(i);
    }
    out
}

/// A long block this many times longer than every block before it may be a copy of them.
const COPY_FACTOR: usize = 3;
/// The shortest block that may be such a copy (bytes).
const COPY_MIN: usize = 1000;

/// Hashes of a text's four-word shingles (lower-cased words; the whole text
/// if it has fewer words), without allocating per word.
fn shingles(text: &str) -> Vec<u64> {
    let words: Vec<u64> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            // FNV-1a over the lower-cased characters.
            w.chars()
                .flat_map(char::to_lowercase)
                .fold(0xcbf2_9ce4_8422_2325u64, |h, c| (h ^ c as u64).wrapping_mul(0x0100_0000_01b3))
        })
        .collect();
    words
        .windows(4.min(words.len()).max(1))
        .map(|w| w.iter().fold(0u64, |h, &x| h.rotate_left(17) ^ x.wrapping_mul(0x9e37_79b9_7f4a_7c15)))
        .collect()
}

/// A block that is mostly link text.
fn is_link_list(b: &Block) -> bool {
    let chars = b.text.chars().count().max(1);
    let link_chars: usize = b.links.iter().map(|l| l.text.chars().count()).sum();
    link_chars * 2 > chars && b.kind != BlockKind::Heading
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_hints_part_by_part() {
        assert_eq!(hint_says("comment-list"), Some(Says::Furniture));
        assert_eq!(hint_says("relatedLinks"), Some(Says::Furniture));
        assert_eq!(hint_says("most-read"), Some(Says::Furniture));
        assert_eq!(hint_says("commentary"), None);
        assert_eq!(hint_says("article-body"), Some(Says::Story));
        assert_eq!(hint_says("comment_content"), Some(Says::Furniture));
        assert_eq!(hint_says("elementor-widget-theme-post-content"), Some(Says::Story));
        assert_eq!(hint_says("elementor-widget-container"), Some(Says::Weak));
        assert!(!hints_say_furniture("story-body main comments-open"));
        assert!(hints_say_furniture("comment-body comments story"));
        assert!(hints_say_furniture("content comment_content comment first comments"));
        assert!(hints_say_furniture("related-links article-body article-wrap story main content"));
        assert!(!hints_say_furniture("paywall js-article__body article__body"));
        assert!(!hints_say_furniture("elementor-widget-container elementor-widget elementor-widget-text-editor"));
        assert!(hints_say_furniture("widget-area"));
        assert!(is_reference_heading("References"));
    }

    #[test]
    fn knows_timestamps_bylines_and_credits() {
        for t in [
            "Updated 15M ago",
            "Updated 5:27 am CST, Wednesday, November 20, 2019",
            "2019-11-13T23:06:00+01:00",
            "Published 3 hours ago",
            "Nov. 19, 2019",
        ] {
            assert!(is_timestamp(t), "{t}");
        }
        for t in [
            "The vote is on Monday, November 20.",
            "In 2019 prices rose",
            "Breaking news",
            "Paris Hilton 2019",
            "Apple Event November 2019.",
        ] {
            assert!(!is_timestamp(t), "{t}");
        }
        assert!(is_byline("By Jane Doe and Omar Reyes, Reuters"));
        assert!(!is_byline("By 2030 the city will have no coal plants."));
        assert!(!is_byline("By the time the firefighters arrived, the roof had fallen in"));
        assert!(is_widget_label("Like this:") && is_widget_label("Caption") && is_widget_label("Loading..."));
        assert!(!is_widget_label("Comments are closed on this story."));
        assert!(is_shortcode("[button link=\"/kit\" type=\"big\"] Send us your review[/button]"));
        assert!(is_shortcode("[gallery] photos [/gallery]"));
        assert!(!is_shortcode("[Update] The company replied on Tuesday.") && !is_shortcode("[사진=JTBC]"));
        assert!(is_bare_url("jane.doe@example.com") && is_bare_url("twitter.com/janedoe"));
        assert!(is_bare_url(
            "https://a.example/1.jpg 1200 675 https://a.example/2.jpg 540 960 https://a.example/3.jpg"
        ));
        assert!(!is_bare_url("The report (see example.com/report) came out on Monday."));
        assert!(!is_bare_url("3.5/5") && !is_bare_url("and/or"));
        assert!(is_author_bio("Jane Doe is a staff writer at the Gazette. Follow her on Mastodon."));
        assert!(is_author_bio("Omar Reyes covers energy for the Herald's business desk"));
        assert!(!is_author_bio("Vietnam is one of the region's most vocal critics of the claims, the editor said."));
        assert!(!is_author_bio("The mayor said the reporters were wrong."));
        assert!(is_credit("photo: hau dinh, ap", 19));
        assert!(is_credit("the road to retiring early isn't easy.kathrin ziegler/getty", 59));
        assert!(!is_credit("the council met on tuesday to discuss the budget.", 48));
    }
}
