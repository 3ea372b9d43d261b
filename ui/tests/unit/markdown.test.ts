// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/lib/markdown";

describe("renderMarkdown", () => {
  it("renders ordinary Markdown", () => {
    const html = renderMarkdown("**Pass** the exam\n\n- one\n- two");
    expect(html).toContain("<strong>Pass</strong>");
    expect(html).toContain("<li>one</li>");
  });

  it("removes <script> elements and their content", () => {
    const html = renderMarkdown("Hello <script>window.x = 1</script> world");
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain("window.x");
    expect(html).toContain("Hello");
  });

  it("removes event handlers and images", () => {
    const html = renderMarkdown('<img src="x" onerror="alert(1)"> <p onclick="alert(2)">text</p>');
    expect(html).not.toMatch(/onerror|onclick/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain("text");
  });

  it("removes javascript: links, keeping their text", () => {
    const html = renderMarkdown("[click me](javascript:alert(1)) and <a href=\"javascript:alert(2)\">raw</a>");
    expect(html).not.toMatch(/javascript:/i);
    expect(html).not.toMatch(/<a[\s>]/i);
    expect(html).toContain("click me");
    expect(html).toContain("raw");
  });

  it("shows web links as text and address, never as a link", () => {
    const html = renderMarkdown("See [the handbook](https://uni.example/h) or <https://uni.example/x>.");
    expect(html).not.toMatch(/<a[\s>]/i);
    expect(html).not.toMatch(/href/i);
    expect(html).toContain("the handbook <span class=\"md-url\">(https://uni.example/h)</span>");
    expect(html).toContain('<span class="md-url">https://uni.example/x</span>');
  });

  it("drops Markdown images, keeping their alt text", () => {
    const html = renderMarkdown("![a badge](https://tracker.example/pixel.png)");
    expect(html).not.toMatch(/<img|tracker\.example/i);
    expect(html).toContain("a badge");
  });

  it("demotes headings below the page's own", () => {
    expect(renderMarkdown("# Criteria")).toContain("<h3>Criteria</h3>");
  });

  it("drops style, iframes and forms", () => {
    const html = renderMarkdown('<style>body{display:none}</style><iframe src="https://x.example"></iframe><form><input></form>ok');
    expect(html).not.toMatch(/<style|<iframe|<form|<input|display:none/i);
    expect(html).toContain("ok");
  });
});
