#include "mpi_runner/search_chunk_codec.h"

#include <nlohmann/json.hpp>

#include <cstring>

#include "program/program_text.h"

namespace spmdcheck {
namespace {

using nlohmann::json;

uint64_t bits_of(double d) {
  uint64_t u = 0;
  std::memcpy(&u, &d, sizeof u);
  return u;
}

double double_of(uint64_t u) {
  double d = 0;
  std::memcpy(&d, &u, sizeof d);
  return d;
}

json encode_inconsistency(const Inconsistency& x) {
  return {{"kind", static_cast<int>(x.kind)},
          {"value", x.value},
          {"name", x.name},
          {"statement", x.statement},
          {"axis", x.axis},
          {"rank", x.rank},
          {"other_rank", x.other_rank},
          {"item", x.item},
          {"element", x.element},
          {"want", bits_of(x.want)},
          {"got", bits_of(x.got)},
          {"tolerance", bits_of(x.tolerance)},
          {"message", x.message}};
}

Inconsistency decode_inconsistency(const json& j) {
  Inconsistency x;
  x.kind = static_cast<Inconsistency::Kind>(j.at("kind").get<int>());
  x.value = j.at("value").get<int>();
  x.name = j.at("name").get<std::string>();
  x.statement = j.at("statement").get<std::string>();
  x.axis = j.at("axis").get<int>();
  x.rank = j.at("rank").get<int>();
  x.other_rank = j.at("other_rank").get<int>();
  x.item = j.at("item").get<int64_t>();
  x.element = j.at("element").get<int64_t>();
  x.want = double_of(j.at("want").get<uint64_t>());
  x.got = double_of(j.at("got").get<uint64_t>());
  x.tolerance = double_of(j.at("tolerance").get<uint64_t>());
  x.message = j.at("message").get<std::string>();
  return x;
}

Program decode_program(const json& j) {
  ParseResult parsed = parse_program(j.get<std::string>());
  if (!parsed.program) throw std::runtime_error("a counterexample's program does not parse: " + parsed.error->message);
  return std::move(*parsed.program);
}

}  // namespace

std::string encode_search_chunks(const std::vector<SearchChunk>& chunks) {
  json all = json::array();
  for (const SearchChunk& c : chunks) {
    const SearchReport& part = c.part;
    json found = json::array();
    for (double s : c.found_seconds) found.push_back(bits_of(s));
    json counterexamples = json::array();
    for (const Counterexample& cx : part.counterexamples)
      counterexamples.push_back({{"program_seed", cx.program_seed},
                                 {"index", cx.index},
                                 {"special_rate", cx.special_rate},
                                 {"original", print_program(cx.original)},
                                 {"shrunk", print_program(cx.shrunk)},
                                 {"inconsistency", encode_inconsistency(cx.inconsistency)}});
    all.push_back({{"begin", c.begin},
                   {"programs", part.programs},
                   {"statements", part.statements},
                   {"hits", part.hits},
                   {"features", part.features},
                   {"errors", part.errors},
                   {"found_seconds", found},
                   {"counterexamples", counterexamples}});
  }
  return all.dump();
}

std::optional<std::vector<SearchChunk>> decode_search_chunks(const std::string& bytes, std::string& error) {
  try {
    std::vector<SearchChunk> chunks;
    for (const json& j : json::parse(bytes)) {
      SearchChunk c;
      c.begin = j.at("begin").get<int64_t>();
      c.part.programs = j.at("programs").get<int64_t>();
      c.part.statements = j.at("statements").get<int64_t>();
      c.part.hits = j.at("hits").get<RuleHits>();
      c.part.features = j.at("features").get<FeatureHits>();
      c.part.errors = j.at("errors").get<std::vector<std::string>>();
      for (const json& s : j.at("found_seconds")) c.found_seconds.push_back(double_of(s.get<uint64_t>()));
      for (const json& x : j.at("counterexamples")) {
        Counterexample cx;
        cx.program_seed = x.at("program_seed").get<uint64_t>();
        cx.index = x.at("index").get<int64_t>();
        cx.special_rate = x.at("special_rate").get<int>();
        cx.original = decode_program(x.at("original"));
        cx.shrunk = decode_program(x.at("shrunk"));
        cx.inconsistency = decode_inconsistency(x.at("inconsistency"));
        c.part.counterexamples.push_back(std::move(cx));
      }
      chunks.push_back(std::move(c));
    }
    return chunks;
  } catch (const std::exception& e) {
    error = e.what();
    return std::nullopt;
  }
}

}  // namespace spmdcheck
