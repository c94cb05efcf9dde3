//! Links stage: what each outbound link of the article points to.
//!
//! Classification is by host and path with the `url` crate: the page's own
//! site, wire services and outlets, government, academic and DOI hosts,
//! social networks, video, archives, and documents by file type.

use std::sync::OnceLock;

use url::Url;

use crate::lexicon::entries;
use crate::page::PageModel;
use crate::report::LinkKind;

const NEWS: &[&str] = &[
    "reuters.com",
    "apnews.com",
    "ap.org",
    "afp.com",
    "yna.co.kr",
    "yonhapnews.co.kr",
    "xinhuanet.com",
    "tass.com",
    "tass.ru",
    "interfax.ru",
    "bbc.co.uk",
    "bbc.com",
    "cnn.com",
    "nytimes.com",
    "washingtonpost.com",
    "wsj.com",
    "theguardian.com",
    "bloomberg.com",
    "ft.com",
    "economist.com",
    "politico.com",
    "axios.com",
    "npr.org",
    "nbcnews.com",
    "cbsnews.com",
    "abcnews.go.com",
    "foxnews.com",
    "aljazeera.com",
    "usatoday.com",
    "latimes.com",
    "thehill.com",
    "breitbart.com",
    "huffpost.com",
    "huffingtonpost.com",
    "newsweek.com",
    "time.com",
    "vox.com",
    "nypost.com",
    "dailymail.co.uk",
    "kyodonews.net",
    "dw.com",
    "france24.com",
    "lemonde.fr",
    "spiegel.de",
];
const SOCIAL: &[&str] = &[
    "twitter.com",
    "x.com",
    "facebook.com",
    "instagram.com",
    "t.me",
    "telegram.org",
    "tiktok.com",
    "reddit.com",
    "linkedin.com",
    "threads.net",
    "bsky.app",
    "mastodon.social",
    "vk.com",
    "weibo.com",
];
const VIDEO: &[&str] = &["youtube.com", "youtu.be", "vimeo.com", "rumble.com", "dailymotion.com", "twitch.tv"];
const ARCHIVE: &[&str] = &["web.archive.org", "archive.org", "archive.today", "archive.ph", "archive.is"];
const ACADEMIC: &[&str] = &[
    "doi.org",
    "arxiv.org",
    "biorxiv.org",
    "medrxiv.org",
    "ssrn.com",
    "pubmed.ncbi.nlm.nih.gov",
    "ncbi.nlm.nih.gov",
    "nature.com",
    "science.org",
    "sciencedirect.com",
    "springer.com",
    "wiley.com",
    "jstor.org",
    "researchgate.net",
    "scholar.google.com",
    "thelancet.com",
    "nejm.org",
    "plos.org",
];
const DOCUMENT_EXT: &[&str] = &[".pdf", ".doc", ".docx", ".xls", ".xlsx", ".csv", ".ppt", ".pptx", ".odt"];

fn host_in(host: &str, list: &[&str]) -> bool {
    list.iter().any(|d| host == *d || host.ends_with(&format!(".{d}")))
}

fn site_of(host: &str) -> &str {
    host.strip_prefix("www.").unwrap_or(host)
}

/// Resolves `href` against the page address. `None` for links that go nowhere
/// outside the page (fragments, `javascript:`, `mailto:`).
pub fn resolve(href: &str, base: Option<&Url>) -> Option<Url> {
    let href = href.trim();
    let url = match base {
        Some(b) => b.join(href).ok()?,
        None => Url::parse(href).ok()?,
    };
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    if let Some(b) = base {
        // A link to another spot on the same page is navigation, not a source.
        if url.as_str().split('#').next() == b.as_str().split('#').next() && href.starts_with('#') {
            return None;
        }
    }
    Some(url)
}

/// Classifies a resolved link. `page_host` is the article's own host, if known.
pub fn classify(url: &Url, page_host: Option<&str>) -> (LinkKind, bool) {
    let host = url.host_str().unwrap_or("").to_ascii_lowercase();
    let site = site_of(&host);
    let same = page_host.is_some_and(|p| site_of(p) == site);
    if same {
        return (LinkKind::SameSite, true);
    }
    let path = url.path().to_ascii_lowercase();
    let kind = if DOCUMENT_EXT.iter().any(|e| path.ends_with(e)) {
        LinkKind::Document
    } else if host_in(site, ARCHIVE) {
        LinkKind::Archive
    } else if host_in(site, SOCIAL) {
        LinkKind::Social
    } else if host_in(site, VIDEO) {
        LinkKind::Video
    } else if host_in(site, ACADEMIC) || site.ends_with(".edu") || site.ends_with(".ac.uk") || site.contains(".ac.") {
        LinkKind::Academic
    } else if site.ends_with(".gov")
        || site.contains(".gov.")
        || site.ends_with(".mil")
        || site.ends_with(".gouv.fr")
        || site.ends_with(".go.kr")
        || site.ends_with(".gc.ca")
        || site.ends_with("europa.eu")
        || site.ends_with(".int")
    {
        LinkKind::Government
    } else if host_in(site, NEWS) {
        LinkKind::News
    } else {
        LinkKind::Other
    };
    (kind, false)
}

/// The host a link points to, without "www.".
pub fn site(url: &Url) -> String {
    site_of(&url.host_str().unwrap_or("").to_ascii_lowercase()).to_string()
}

fn is_bare_source(text: &str) -> bool {
    static SET: OnceLock<crate::lexicon::WordSet<&'static str>> = OnceLock::new();
    let set = SET.get_or_init(|| entries(include_str!("../lexicon/bare_source_links.txt")).collect());
    let t = text.trim().trim_end_matches([':', '.', '»', '›', '→']).trim().to_lowercase();
    set.contains(t.as_str())
}

/// Same address, ignoring the fragment and a trailing slash.
fn same_page(a: &Url, b: &Url) -> bool {
    let key = |u: &Url| {
        let mut u = u.clone();
        u.set_fragment(None);
        let s = u.to_string();
        s.trim_end_matches('/').to_string()
    };
    key(a) == key(b)
}

/// When the article links to no outside source, says whether the page's only
/// "source" is a link back to itself or a bare "Source link" (anywhere on the
/// page, footers included). `outside_links` counts the article's links to other sites.
/// Returns the note for the reader, and true when the link leads back to the page or its site.
pub fn self_sourcing(page: &PageModel, base: Option<&Url>, outside_links: usize) -> Option<(String, bool)> {
    if outside_links > 0 {
        return None;
    }
    let page_host = base.and_then(|b| b.host_str()).map(site_of);
    for l in page.blocks.iter().flat_map(|b| &b.links) {
        let Some(url) = resolve(&l.href, base) else { continue };
        let to_itself = base.is_some_and(|b| same_page(&url, b));
        let bare = is_bare_source(&l.text);
        let own_site = page_host.is_none_or(|h| site(&url) == h);
        if to_itself || (bare && own_site) {
            let what = if to_itself { "a link back to the page itself" } else { "a link to its own site" };
            return Some((
                format!("the page's only “source” is {what} (“{}”), not an outside source", l.text.trim()),
                true,
            ));
        }
        if bare {
            let note = format!(
                "the page's only source is a bare “{}” link to {}, outside the article text",
                l.text.trim(),
                site(&url)
            );
            return Some((note, false));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(href: &str) -> LinkKind {
        let base = Url::parse("https://www.example-news.com/world/story").unwrap();
        classify(&resolve(href, Some(&base)).unwrap(), base.host_str()).0
    }

    #[test]
    fn classifies_by_host_and_path() {
        assert_eq!(kind("/politics/other-story"), LinkKind::SameSite);
        assert_eq!(kind("https://example-news.com/x"), LinkKind::SameSite);
        assert_eq!(kind("https://www.reuters.com/world/x"), LinkKind::News);
        assert_eq!(kind("https://www.cdc.gov/data"), LinkKind::Government);
        assert_eq!(kind("https://doi.org/10.1000/182"), LinkKind::Academic);
        assert_eq!(kind("https://arxiv.org/abs/1234"), LinkKind::Academic);
        assert_eq!(kind("https://twitter.com/someone/status/1"), LinkKind::Social);
        assert_eq!(kind("https://www.youtube.com/watch?v=1"), LinkKind::Video);
        assert_eq!(kind("https://web.archive.org/web/2020/x"), LinkKind::Archive);
        assert_eq!(kind("https://ministry.example.org/report.pdf"), LinkKind::Document);
        assert_eq!(kind("https://blog.example.org/"), LinkKind::Other);
        let base = Url::parse("https://www.example-news.com/world/story").unwrap();
        assert!(resolve("javascript:alert(1)", Some(&base)).is_none());
        assert!(resolve("#top", Some(&base)).is_none());
    }
}
