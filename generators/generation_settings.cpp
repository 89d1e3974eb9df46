#include "generators/generation_settings.h"

#include <cctype>
#include <charconv>
#include <sstream>

namespace spmdcheck {
namespace {

bool parse_int(const std::string& s, int& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

// "a-b" or "b" (then a = b).
bool parse_range(const std::string& s, int& lo, int& hi) {
  size_t dash = s.find('-');
  if (dash == std::string::npos) return parse_int(s, lo) && parse_int(s, hi);
  return parse_int(s.substr(0, dash), lo) && parse_int(s.substr(dash + 1), hi);
}

std::string range(int lo, int hi) { return std::to_string(lo) + "-" + std::to_string(hi); }

}  // namespace

uint32_t GenerationSettings::weight_of(const std::string& rule_id, uint32_t fallback) const {
  auto it = weights.find(rule_id);
  return it == weights.end() ? fallback : it->second;
}

bool special_data_for(const GenerationSettings& settings, uint64_t data_seed) {
  // splitmix64's finaliser of the seed, salted so this verdict is not
  // correlated with the first element the seed's DataRng draws.
  uint64_t z = data_seed ^ 0x5be11a1u;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  return static_cast<int>(z % 100) < settings.special_percent;
}

std::string GenerationSettings::to_string() const {
  std::string out = "statements=" + range(min_statements, max_statements) + " axes=" + range(min_axes, max_axes) +
                    " axis_size=" + std::to_string(max_axis_size) + " ranks=" + std::to_string(max_ranks) +
                    " rank=" + range(min_rank, max_rank) + " dim=" + std::to_string(max_dim) + " dtypes=";
  for (size_t i = 0; i < dtypes.size(); ++i) out += (i ? "," : "") + std::string(dtype_name(dtypes[i]));
  if (!mesh.empty()) out += " mesh=" + mesh;
  out += " loss=" + std::to_string(loss_percent) + " scalars=" + std::to_string(scalar_percent) +
         " special=" + std::to_string(special_percent) + " special_rate=" + std::to_string(special_rate) +
         " op_weight=" + std::to_string(op_weight) + " transition_weight=" + std::to_string(transition_weight);
  out += " global=" + std::to_string(global_percent);
  for (const auto& [id, w] : weights) out += " weight." + id + "=" + std::to_string(w);
  return out;
}

std::vector<std::pair<std::string, int64_t>> parse_mesh_spec(const std::string& spec, std::string& error) {
  static const char* reserved[] = {"mesh", "input", "assert", "output", "loss", "R", "I", "V", "P", "S"};
  std::vector<std::pair<std::string, int64_t>> axes;
  std::stringstream in(spec);
  std::string item;
  int64_t ranks = 1;
  while (std::getline(in, item, ',')) {
    size_t eq = item.find('=');
    int size = 0;
    if (eq == std::string::npos || eq == 0 || !parse_int(item.substr(eq + 1), size) || size < 1 || size > 4096) {
      error = "mesh axis '" + item + "' must be NAME=SIZE with 1 <= SIZE <= 4096";
      return {};
    }
    std::string name = item.substr(0, eq);
    bool ident = std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_';
    for (char c : name) ident = ident && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
    for (const char* r : reserved) ident = ident && name != r;
    for (const auto& a : axes) ident = ident && a.first != name;
    if (!ident) {
      error = "mesh axis name '" + name + "' must be a fresh identifier that is not a keyword or type letter";
      return {};
    }
    ranks *= size;
    axes.emplace_back(name, size);
  }
  if (axes.empty()) error = "mesh '" + spec + "' names no axis";
  if (axes.size() > static_cast<size_t>(kMaxAxesForGeneration)) error = "mesh '" + spec + "' has more than 6 axes";
  if (ranks > 4096) error = "mesh '" + spec + "' has more than 4096 ranks";
  if (!error.empty()) axes.clear();
  return axes;
}

std::optional<GenerationSettings> parse_generation_settings(const std::string& text, std::string& error) {
  GenerationSettings s;
  std::stringstream in(text);
  std::string item;
  while (in >> item) {
    size_t eq = item.find('=');
    if (eq == std::string::npos) {
      error = "expected KEY=VALUE, but got '" + item + "'";
      return std::nullopt;
    }
    std::string key = item.substr(0, eq), value = item.substr(eq + 1);
    bool ok = true;
    int n = 0;
    if (key == "statements")
      ok = parse_range(value, s.min_statements, s.max_statements) && s.min_statements >= 1;
    else if (key == "axes")
      ok = parse_range(value, s.min_axes, s.max_axes) && s.min_axes >= 1 && s.max_axes <= kMaxAxesForGeneration;
    else if (key == "axis_size")
      ok = parse_int(value, s.max_axis_size) && s.max_axis_size >= 1 && s.max_axis_size <= 64;
    else if (key == "ranks")
      ok = parse_int(value, s.max_ranks) && s.max_ranks >= 1 && s.max_ranks <= 4096;
    else if (key == "rank")
      ok = parse_range(value, s.min_rank, s.max_rank) && s.min_rank >= 0 && s.max_rank <= 4;
    else if (key == "dim")
      ok = parse_int(value, s.max_dim) && s.max_dim >= 1 && s.max_dim <= 64;
    else if (key == "loss")
      ok = parse_int(value, s.loss_percent) && s.loss_percent >= 0 && s.loss_percent <= 100;
    else if (key == "scalars")
      ok = parse_int(value, s.scalar_percent) && s.scalar_percent >= 0 && s.scalar_percent <= 100;
    else if (key == "special")
      ok = parse_int(value, s.special_percent) && s.special_percent >= 0 && s.special_percent <= 100;
    else if (key == "special_rate")
      ok = parse_int(value, s.special_rate) && s.special_rate >= 0 && s.special_rate <= 100;
    else if (key == "global")
      ok = parse_int(value, s.global_percent) && s.global_percent >= 0 && s.global_percent <= 100;
    else if (key == "op_weight" || key == "transition_weight") {
      ok = parse_int(value, n) && n >= 0;
      (key == "op_weight" ? s.op_weight : s.transition_weight) = static_cast<uint32_t>(n);
    } else if (key == "mesh") {
      std::string mesh_error;
      if (parse_mesh_spec(value, mesh_error).empty()) {
        error = mesh_error;
        return std::nullopt;
      }
      s.mesh = value;
    } else if (key == "dtypes") {
      s.dtypes.clear();
      std::stringstream list(value);
      std::string d;
      while (ok && std::getline(list, d, ',')) {
        auto dt = dtype_from_name(d);
        ok = dt.has_value();
        if (ok) s.dtypes.push_back(*dt);
      }
      ok = ok && !s.dtypes.empty();
    } else if (key.rfind("weight.", 0) == 0 && key.size() > 7) {
      ok = parse_int(value, n) && n >= 0;
      s.weights[key.substr(7)] = static_cast<uint32_t>(n);
    } else {
      error = "unknown generation setting '" + key + "'";
      return std::nullopt;
    }
    if (!ok || s.min_statements > s.max_statements || s.min_axes > s.max_axes || s.min_rank > s.max_rank) {
      error = "bad value in '" + item + "'";
      return std::nullopt;
    }
  }
  return s;
}

}  // namespace spmdcheck
