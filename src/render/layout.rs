//! Text that fits the width it is given: wrapped at spaces (and after a `/` in a path), never
//! inside a word, and tables whose columns share the width so that no word is cut. A word
//! longer than the width (a long URL) stands on a line of its own.

use comfy_table::{Cell, Color, ContentArrangement, LineStyle, Table, TableStyle, presets};
use textwrap::core::display_width;

/// Wraps `text` to `width` columns: `first` before the first line, `indent` before the
/// others. Newlines in the text are kept.
pub fn wrap(text: &str, width: usize, first: &str, indent: &str) -> String {
    let mut out = String::new();
    for (n, paragraph) in text.split('\n').enumerate() {
        let lead = if n == 0 { first } else { indent };
        let widths = (
            width.saturating_sub(display_width(lead)),
            width.saturating_sub(display_width(indent)),
        );
        for (i, line) in fill(paragraph, widths).iter().enumerate() {
            if n > 0 || i > 0 {
                out.push('\n');
            }
            out.push_str(if i == 0 { lead } else { indent });
            out.push_str(line);
        }
    }
    out
}

/// The lines of one paragraph wrapped to `width` (at least one line, maybe empty).
pub fn wrap_lines(text: &str, width: usize) -> Vec<String> {
    fill(text, (width, width))
}

/// The lines of one paragraph: the first within `first` columns, the others within `rest`.
/// Runs of spaces between words are kept, except where a line breaks.
fn fill(text: &str, (first, rest): (usize, usize)) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for (gap, word) in words(text) {
        let spaces = " ".repeat(gap + 1);
        for (i, piece) in pieces(&word).into_iter().enumerate() {
            let width = if lines.is_empty() { first } else { rest }.max(1);
            let glue = if i == 0 && !line.is_empty() {
                spaces.as_str()
            } else {
                ""
            };
            let wanted = display_width(&line) + glue.len() + display_width(piece);
            if !line.is_empty() && wanted > width {
                lines.push(std::mem::take(&mut line));
                line.push_str(piece);
            } else {
                line.push_str(glue);
                line.push_str(piece);
            }
        }
    }
    lines.push(line);
    lines
}

/// The words of a paragraph, each with the number of extra spaces before it. A command in
/// backticks is one word, so that it is never cut in two and stays whole to copy.
fn words(text: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut gap = 0;
    let mut open: Option<(usize, String)> = None;
    for token in text.split([' ', '\t']) {
        if let Some((g, span)) = open.as_mut() {
            span.push(' ');
            span.push_str(token);
            if token.matches('`').count() % 2 == 1 {
                out.push((*g, std::mem::take(span)));
                open = None;
            }
            continue;
        }
        if token.is_empty() {
            gap += 1;
            continue;
        }
        if token.matches('`').count() % 2 == 1 {
            open = Some((gap, token.to_string()));
        } else {
            out.push((gap, token.to_string()));
        }
        gap = 0;
    }
    // A backtick never closed: the words as they are.
    if let Some((g, span)) = open {
        let mut first = true;
        for word in span.split(' ').filter(|w| !w.is_empty()) {
            out.push((if first { g } else { 0 }, word.to_string()));
            first = false;
        }
    }
    out
}

/// A word cut after each `/` (a path may wrap there); a URL, a command in backticks and other
/// words stay whole.
fn pieces(word: &str) -> Vec<&str> {
    if word.contains("://") || word.contains('`') {
        return vec![word];
    }
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in word.char_indices() {
        if c == '/' && i + 1 < word.len() {
            out.push(&word[start..=i]);
            start = i + 1;
        }
    }
    out.push(&word[start..]);
    out
}

/// The widest piece of a text that cannot be broken.
fn longest_piece(text: &str) -> usize {
    text.split_whitespace()
        .flat_map(pieces)
        .map(display_width)
        .max()
        .unwrap_or(0)
}

fn longest_line(text: &str) -> usize {
    text.lines().map(display_width).max().unwrap_or(0)
}

/// One cell: its text and, on a terminal that wants colour, its colour.
#[derive(Debug, Clone)]
pub struct Text {
    pub text: String,
    pub color: Option<Color>,
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text { text, color: None }
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text::from(text.to_string())
    }
}

/// Columns apart by two spaces, a line under the header: for tables too wide for borders.
const LIGHT: TableStyle =
    TableStyle::new().header_separator(LineStyle::none().fill('─').junction('─'));

/// A table within `width` columns: with borders when they fit, else without, else (when
/// even one word per column does not fit) each row as a block of `Header: value` lines.
pub fn table(headers: &[&str], rows: &[Vec<Text>], width: usize, color: bool) -> String {
    let n = headers.len();
    let column = |i: usize| {
        std::iter::once(headers[i]).chain(
            rows.iter()
                .map(move |r| r.get(i).map_or("", |c| c.text.as_str())),
        )
    };
    let least: Vec<usize> = (0..n)
        .map(|i| column(i).map(longest_piece).max().unwrap_or(0).max(1))
        .collect();
    let natural: Vec<usize> = (0..n)
        .map(|i| column(i).map(longest_line).max().unwrap_or(0).max(1))
        .collect();
    // Borders take a line and a space of padding on each side of every column; the light
    // style a space on each side. Each is measured, not assumed: the first that fits wins.
    for (style, chrome) in [(presets::UTF8_FULL_CONDENSED, 3 * n + 1), (LIGHT, 3 * n)] {
        if least.iter().sum::<usize>() + chrome > width {
            continue;
        }
        let widths = share(&least, &natural, width - chrome);
        let text = render(headers, rows, &widths, style, color);
        if text.lines().all(|l| display_width(l) <= width) {
            return text;
        }
    }
    records(headers, rows, width)
}

/// The table drawn with these column widths (each cell wrapped to its column).
fn render(
    headers: &[&str],
    rows: &[Vec<Text>],
    widths: &[usize],
    style: TableStyle,
    color: bool,
) -> String {
    let mut t = Table::new();
    t.load_style(style)
        .set_content_arrangement(ContentArrangement::Disabled);
    if color {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    let fill = |text: &str, w: usize| {
        text.split('\n')
            .flat_map(|p| wrap_lines(p, w))
            .collect::<Vec<_>>()
            .join("\n")
    };
    t.set_header(
        headers
            .iter()
            .zip(widths)
            .map(|(h, w)| Cell::new(fill(h, *w))),
    );
    for row in rows {
        t.add_row(row.iter().zip(widths).map(|(c, w)| {
            let cell = Cell::new(fill(&c.text, *w));
            match (color, c.color) {
                (true, Some(colour)) => cell.fg(colour),
                _ => cell,
            }
        }));
    }
    // comfy-table pads each line to the table's width; the trailing spaces are noise.
    let lines: Vec<String> = t.lines().map(|l| l.trim_end().to_string()).collect();
    format!("{}\n", lines.join("\n"))
}

/// Column widths: each at least its longest word, at most its longest line, sharing what
/// room is left in proportion to what each column still wants.
fn share(least: &[usize], natural: &[usize], room: usize) -> Vec<usize> {
    if natural.iter().sum::<usize>() <= room {
        return natural.to_vec();
    }
    let mut widths = least.to_vec();
    let mut left = room - least.iter().sum::<usize>();
    let wants: Vec<usize> = natural.iter().zip(least).map(|(n, l)| n - l).collect();
    let total: usize = wants.iter().sum();
    for (w, want) in widths.iter_mut().zip(&wants) {
        let give = (want * left / total.max(1)).min(*want);
        *w += give;
    }
    left = room - widths.iter().sum::<usize>();
    // What rounding left over goes to the columns that still want more, widest want first.
    let mut order: Vec<usize> = (0..widths.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(natural[i] - widths[i]));
    for i in order {
        let more = (natural[i] - widths[i]).min(left);
        widths[i] += more;
        left -= more;
    }
    widths
}

/// Each row as lines of `Header: value`, wrapped under the value.
fn records(headers: &[&str], rows: &[Vec<Text>], width: usize) -> String {
    let label = headers.iter().map(|h| display_width(h)).max().unwrap_or(0) + 2;
    let indent = " ".repeat(label);
    let mut out = String::new();
    for row in rows {
        for (h, c) in headers.iter().zip(row) {
            let first = format!("{h}:{}", " ".repeat(label - display_width(h) - 1));
            out.push_str(&wrap(&c.text, width, &first, &indent));
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn widest(text: &str) -> usize {
        text.lines().map(display_width).max().unwrap_or(0)
    }

    #[test]
    fn wraps_at_spaces_and_keeps_long_words_whole() {
        let url = "https://docs.aws.amazon.com/wellarchitected/latest/framework/rel_prevent_interaction_failure_identify.html";
        let text = format!("see {url} for more");
        let lines = wrap_lines(&text, 30);
        assert_eq!(lines, ["see", url, "for more"]);
        assert_eq!(wrap("a b c", 3, "- ", "  "), "- a\n  b\n  c");
    }

    #[test]
    fn commands_in_backticks_stay_whole() {
        let lines = wrap_lines(
            "run `rel04 answer BP01 selected --file 'a b/c.json'` now",
            20,
        );
        assert_eq!(
            lines,
            [
                "run",
                "`rel04 answer BP01 selected --file 'a b/c.json'`",
                "now"
            ]
        );
        assert_eq!(
            wrap_lines("an ` unclosed tick", 8),
            ["an `", "unclosed", "tick"]
        );
    }

    #[test]
    fn paths_wrap_after_a_slash() {
        assert_eq!(
            wrap_lines("services/payments/rel04-answers.json", 20),
            ["services/payments/", "rel04-answers.json"]
        );
    }

    #[test]
    fn tables_fit_the_width_without_cutting_words() {
        let rows = vec![vec![
            Text::from("checkout-service"),
            Text::from("a long note that has to wrap over several lines of a narrow column"),
            Text::from("services/checkout/rel04-answers.json"),
        ]];
        for width in [40, 60, 80, 100] {
            let out = table(&["Workload", "Notes", "File"], &rows, width, false);
            assert!(widest(&out) <= width, "{width}:\n{out}");
            assert!(out.contains("checkout-service"), "{width}:\n{out}");
            assert!(out.contains("rel04-answers.json"), "{width}:\n{out}");
        }
    }

    #[test]
    fn too_narrow_for_a_table_gives_records() {
        let rows = vec![vec![Text::from("checkout-service"), Text::from("HIGH")]];
        let out = table(&["Workload", "Risk"], &rows, 20, false);
        assert_eq!(out, "Workload: checkout-service\nRisk:     HIGH\n\n");
    }
}
