#include "rule_case_loader.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace spmdcheck::test {
namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

std::vector<std::string_view> split_words(std::string_view s) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
    if (i > start) words.push_back(s.substr(start, i - start));
  }
  return words;
}

bool is_blank(std::string_view s) { return split_words(s).empty(); }

bool parse_positive(std::string_view s, uint32_t& out) {
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size() && out > 0;
}

bool valid_id(std::string_view id) {
  if (id.empty() || id.front() == '.' || id.back() == '.') return false;
  return std::all_of(id.begin(), id.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'; });
}

class FileParser {
 public:
  FileParser(const std::string& path, RuleCaseSet& out) : path_(path), file_(std::filesystem::path(path).filename().string()), out_(out) {}

  void parse(std::string_view text) {
    std::vector<std::string_view> lines = split_lines(text);
    for (size_t i = 0; i < lines.size(); ++i) {
      const uint32_t line_no = static_cast<uint32_t>(i + 1);
      std::string_view line = lines[i];
      if (line.substr(0, 3) == "###") {
        finish_case();
        start_case(line, line_no);
      } else if (!open_) {
        if (!is_blank(line) && line.front() != '#') error(line_no, "text before the first `### <rule-id> accept|reject LINE:COL` header");
      } else {
        body_.push_back(line);
      }
    }
    finish_case();
    if (cases_ == 0 && errors_ == 0) error(0, "no cases");
  }

 private:
  void error(uint32_t line, const std::string& what) {
    out_.errors.push_back(file_ + (line ? ":" + std::to_string(line) : std::string()) + ": " + what);
    ++errors_;
  }

  void start_case(std::string_view header, uint32_t line_no) {
    std::vector<std::string_view> words = split_words(header.substr(3));
    current_ = RuleCase{};
    current_.path = path_;
    current_.file = file_;
    current_.line = line_no;
    open_ = true;
    header_ok_ = false;
    body_.clear();
    if (header.size() < 4 || header[3] != ' ')
      return error(line_no, "a header is `### <rule-id> accept` or `### <rule-id> reject LINE:COL`");
    if (words.size() < 2) return error(line_no, "header needs a rule id and `accept` or `reject LINE:COL`");
    if (!valid_id(words[0])) return error(line_no, "malformed rule id '" + std::string(words[0]) + "'");
    current_.id = std::string(words[0]);
    if (words[1] == "accept") {
      if (words.size() != 2) return error(line_no, "`accept` takes no location");
      current_.accept = true;
    } else if (words[1] == "reject") {
      if (words.size() != 3) return error(line_no, "`reject` needs exactly one LINE:COL");
      std::string_view loc = words[2];
      size_t colon = loc.find(':');
      uint32_t l = 0, c = 0;
      if (colon == std::string_view::npos || !parse_positive(loc.substr(0, colon), l) || !parse_positive(loc.substr(colon + 1), c))
        return error(line_no, "malformed location '" + std::string(loc) + "' (want LINE:COL, both >= 1)");
      current_.accept = false;
      current_.want = SourceLoc{l, c};
    } else {
      return error(line_no, "verdict must be `accept` or `reject`, but got '" + std::string(words[1]) + "'");
    }
    header_ok_ = true;
  }

  void finish_case() {
    if (!open_) return;
    open_ = false;
    if (!header_ok_) return;
    while (!body_.empty() && is_blank(body_.back())) body_.pop_back();
    if (body_.empty()) return error(current_.line, "case " + current_.id + " has no program");
    if (body_.front().substr(0, 5) != "mesh ")
      return error(current_.line + 1, "a case's program starts with its mesh line, right after the header");
    if (!current_.accept) {
      const SourceLoc& w = current_.want;
      if (w.line > body_.size() || w.col > body_[w.line - 1].size())
        return error(current_.line, "location " + std::to_string(w.line) + ":" + std::to_string(w.col) + " is outside the program");
    }
    for (std::string_view l : body_) current_.program.append(l).push_back('\n');
    out_.cases.push_back(std::move(current_));
    ++cases_;
  }

  std::string path_, file_;
  RuleCaseSet& out_;
  RuleCase current_;
  std::vector<std::string_view> body_;
  bool open_ = false, header_ok_ = false;
  int cases_ = 0, errors_ = 0;
};

}  // namespace

void parse_rule_case_file(std::string_view text, const std::string& path, RuleCaseSet& out) { FileParser(path, out).parse(text); }

void name_rule_cases(RuleCaseSet& set) {
  std::map<std::string, int> seen;
  for (RuleCase& c : set.cases) {
    std::string stem = c.id;
    std::replace(stem.begin(), stem.end(), '.', '_');
    c.name = stem + (c.accept ? "_accept_" : "_reject_") + std::to_string(++seen[c.id]);
  }
}

RuleCaseSet load_rule_cases(const std::string& dir) {
  RuleCaseSet set;
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    if (entry.path().extension() == ".cases") files.push_back(entry.path());
  if (ec) {
    set.errors.push_back(dir + ": cannot list the case directory: " + ec.message());
    return set;
  }
  if (files.empty()) set.errors.push_back(dir + ": no *.cases files");
  std::sort(files.begin(), files.end());
  for (const std::filesystem::path& p : files) {
    std::ifstream in(p, std::ios::binary);
    if (!in.is_open()) {
      set.errors.push_back(p.string() + ": cannot read");
      continue;
    }
    std::stringstream text;
    text << in.rdbuf();
    parse_rule_case_file(text.str(), p.string(), set);
  }
  name_rule_cases(set);
  return set;
}

}  // namespace spmdcheck::test
