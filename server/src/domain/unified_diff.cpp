#include "domain/unified_diff.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace hubd {
namespace {

constexpr std::size_t kMaxCells = 1'000'000;

struct Lines {
  std::vector<std::string_view> items;
  bool final_newline = true;  // false when the last line has no '\n'
};

// Equal lines; a last line without '\n' differs from any line with one.
bool same(const Lines& a, std::size_t i, const Lines& b, std::size_t j) {
  const bool open_a = !a.final_newline && i + 1 == a.items.size();
  const bool open_b = !b.final_newline && j + 1 == b.items.size();
  return open_a == open_b && a.items[i] == b.items[j];
}

Lines split(std::string_view text) {
  Lines out;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      out.items.push_back(text.substr(start));
      out.final_newline = false;
      break;
    }
    out.items.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

struct Op {
  char kind;         // ' ', '-', '+'
  std::size_t a, b;  // line indexes before the op in `from` and `to`
};

// Edit script of the middle a[lo_a, hi_a) vs b[lo_b, hi_b): LCS by dynamic programming.
void middle_ops(const Lines& a, const Lines& b, std::size_t lo_a, std::size_t hi_a,
                std::size_t lo_b, std::size_t hi_b, std::vector<Op>& ops) {
  const std::size_t n = hi_a - lo_a, m = hi_b - lo_b;
  if (n * m > kMaxCells) {
    for (std::size_t i = 0; i < n; ++i) ops.push_back({'-', lo_a + i, lo_b});
    for (std::size_t j = 0; j < m; ++j) ops.push_back({'+', hi_a, lo_b + j});
    return;
  }
  // lcs[i][j]: the LCS length of a[lo_a + i ..] and b[lo_b + j ..].
  std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
  auto at = [m, &lcs](std::size_t i, std::size_t j) -> std::uint32_t& {
    return lcs[i * (m + 1) + j];
  };
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = m; j-- > 0;) {
      at(i, j) = same(a, lo_a + i, b, lo_b + j) ? at(i + 1, j + 1) + 1
                                                : std::max(at(i + 1, j), at(i, j + 1));
    }
  }
  std::size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && same(a, lo_a + i, b, lo_b + j)) {
      ops.push_back({' ', lo_a + i++, lo_b + j++});
    } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
      ops.push_back({'-', lo_a + i++, lo_b + j});
    } else {
      ops.push_back({'+', lo_a + i, lo_b + j++});
    }
  }
}

std::string range(std::size_t start, std::size_t count) {
  // 1-based; an empty range names the line before it.
  if (count == 1) return std::to_string(start + 1);
  return std::to_string(count == 0 ? start : start + 1) + "," + std::to_string(count);
}

void emit_line(std::string& out, char kind, std::string_view line, bool last_without_newline) {
  out.push_back(kind);
  out.append(line);
  out.push_back('\n');
  if (last_without_newline) out.append("\\ No newline at end of file\n");
}

}  // namespace

std::string unified_diff(std::string_view from, std::string_view to, std::string_view from_label,
                         std::string_view to_label, std::size_t context) {
  if (from == to) return {};
  const Lines a = split(from), b = split(to);
  const std::size_t na = a.items.size(), nb = b.items.size();
  std::size_t head = 0;
  while (head < na && head < nb && same(a, head, b, head)) ++head;
  std::size_t tail = 0;
  while (tail < na - head && tail < nb - head && same(a, na - 1 - tail, b, nb - 1 - tail)) {
    ++tail;
  }

  std::vector<Op> ops;
  for (std::size_t k = 0; k < head; ++k) ops.push_back({' ', k, k});
  middle_ops(a, b, head, na - tail, head, nb - tail, ops);
  for (std::size_t k = tail; k-- > 0;) ops.push_back({' ', na - 1 - k, nb - 1 - k});

  std::string out = "--- " + std::string(from_label) + "\n+++ " + std::string(to_label) + "\n";
  std::size_t i = 0;
  while (i < ops.size()) {
    while (i < ops.size() && ops[i].kind == ' ') ++i;
    if (i == ops.size()) break;
    // A hunk: from `context` lines before this change through `context` lines after the
    // last change that is at most 2 * context unchanged lines from the next one.
    const std::size_t begin = i >= context ? i - context : 0;
    std::size_t end = i;
    std::size_t unchanged = 0;
    for (std::size_t k = i; k < ops.size(); ++k) {
      if (ops[k].kind != ' ') {
        end = k + 1;
        unchanged = 0;
      } else if (++unchanged > 2 * context) {
        break;
      }
    }
    end = std::min(ops.size(), end + context);
    std::size_t count_a = 0, count_b = 0;
    for (std::size_t k = begin; k < end; ++k) {
      count_a += ops[k].kind != '+';
      count_b += ops[k].kind != '-';
    }
    out += "@@ -" + range(ops[begin].a, count_a) + " +" + range(ops[begin].b, count_b) + " @@\n";
    for (std::size_t k = begin; k < end; ++k) {
      const Op& op = ops[k];
      if (op.kind == '+') {
        emit_line(out, '+', b.items[op.b], !b.final_newline && op.b + 1 == nb);
      } else {
        emit_line(out, op.kind, a.items[op.a], !a.final_newline && op.a + 1 == na);
      }
    }
    i = end;
  }
  return out;
}

}  // namespace hubd
