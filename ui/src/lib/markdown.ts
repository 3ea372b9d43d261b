// Credential criteria are Markdown written by the issuer: untrusted. They are rendered with marked and
// then sanitised with DOMPurify to a small set of text tags. No images (nothing is fetched), no links
// (the webview never navigates): a link shows its text followed by its address as plain text. Raw HTML
// inside the Markdown goes through the same sanitiser: scripts, event handlers, images and anchors go.

import DOMPurify from "dompurify";
import { Marked, type Tokens } from "marked";

const ALLOWED_TAGS = [
  "p", "br", "hr", "strong", "em", "b", "i", "del", "s", "code", "pre", "blockquote",
  "ul", "ol", "li", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "span",
];
const ALLOWED_ATTR = ["class", "start"];

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** Only web and mail addresses are worth showing; javascript:, data: and the like are dropped. */
function showableUrl(href: string): string | null {
  const h = href.trim();
  return /^(https?:|mailto:)/i.test(h) ? h : null;
}

const marked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    heading({ tokens, depth }: Tokens.Heading) {
      // The page already has h1/h2: issuer headings start at h3.
      const level = Math.min(depth + 2, 6);
      return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
    },
    link({ href, tokens }: Tokens.Link) {
      const label = this.parser.parseInline(tokens);
      const url = showableUrl(href);
      if (!url) return label;
      const plainLabel = label.replace(/<[^>]*>/g, "");
      if (plainLabel === escapeHtml(url) || plainLabel === url) return `<span class="md-url">${escapeHtml(url)}</span>`;
      return `${label} <span class="md-url">(${escapeHtml(url)})</span>`;
    },
    image({ text }: Tokens.Image) {
      return text ? escapeHtml(text) : "";
    },
  },
});

export function sanitizeHtml(html: string): string {
  return DOMPurify.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    KEEP_CONTENT: true,
    FORBID_CONTENTS: ["script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math"],
  });
}

/** Markdown → safe HTML (a string for {@html}). */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown) as string;
  return sanitizeHtml(html);
}
