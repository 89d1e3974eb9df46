#include "program/type_parser.h"

#include <string>

namespace spmdcheck {
namespace {

using K = TokenCursor::K;

// A mesh axis name in a spec: an axis of the mesh, global, not named before.
bool take_spec_axis(TokenCursor& c, const Mesh& mesh, const PartitionSpec& spec, int& axis) {
  std::string name;
  SourceLoc loc;
  if (!c.take_name("a global mesh axis, a parenthesised list of them, or None", "a mesh axis", name, loc)) return false;
  axis = mesh.axis_index(name);
  if (axis < 0)
    return c.fail(loc, "syntax.type_axis_unknown", quoted(name) + " is not an axis of the mesh",
                  "a spec names the axes of the 'mesh' line");
  if (!mesh.is_global(axis))
    return c.fail(loc, "syntax.spec_local_axis", "a spec names global axes only, but " + quoted(name) + " is local",
                  "name the axis in the 'global' line after 'mesh', or drop it from the spec");
  if (spec.shards(axis))
    return c.fail(loc, "syntax.spec_axis_duplicate", "the spec names axis " + quoted(name) + " twice",
                  "an axis shards at most one dim, once");
  return true;
}

// `spec(ENTRY, ...)`: ENTRY is None, an axis, or `(AXIS, ...)` major to minor.
bool parse_spec(TokenCursor& c, const Mesh& mesh, TypeAnnot& annot) {
  annot.spec_loc = c.take().loc;  // `spec`
  if (!c.expect(K::LParen, "'(' after 'spec'")) return false;
  int entries = 0;
  for (bool more = !c.at(K::RParen); more;) {
    if (entries == kMaxRank)
      return c.fail(c.cur().loc, "syntax.spec_entry", "a spec has at most " + std::to_string(kMaxRank) + " entries, one per dim");
    if (c.at(K::Ident) && c.cur().text == "None") {
      c.take();
    } else if (c.at(K::LParen)) {
      const SourceLoc open = c.take().loc;
      if (c.at(K::RParen)) return c.fail(open, "syntax.spec_entry", "an empty axis list in a spec", "write None for a dim no axis shards");
      for (bool axes = true; axes;) {
        int axis = -1;
        if (!take_spec_axis(c, mesh, annot.spec, axis)) return false;
        annot.spec.append(axis, entries);
        axes = c.at(K::Comma);
        if (axes) c.take();
      }
      if (!c.expect(K::RParen, "',' or ')' in the axis list")) return false;
    } else {
      int axis = -1;
      if (!take_spec_axis(c, mesh, annot.spec, axis)) return false;
      annot.spec.append(axis, entries);
    }
    ++entries;
    more = c.at(K::Comma);
    if (more) c.take();
  }
  annot.spec_entries = static_cast<int8_t>(entries);
  return c.expect(K::RParen, "',' or ')' in the spec");
}

// `S(k)` on global axis `axis`: V plus the spec entry.
bool parse_shard(TokenCursor& c, const Mesh& mesh, int axis, TypeAnnot& annot) {
  const SourceLoc at = c.take().loc;  // `S`
  const std::string& name = mesh.axes[axis].name;
  if (!mesh.is_global(axis))
    return c.fail(at, "syntax.shard_local_axis", "S(k) is written on global axes only, but " + quoted(name) + " is local",
                  "write V on a local axis, or name " + quoted(name) + " in a 'global' line after 'mesh'");
  if (!c.expect(K::LParen, "'(' after S")) return false;
  if (!c.at(K::Number) || !c.cur().integer_spelling) return c.fail_expected("the dim S shards, an integer", "syntax.shard_dim");
  const ProgramToken dim = c.take();
  int64_t k = 0;
  if (!c.to_int(dim, k)) return false;
  if (k < 0 || k >= kMaxRank)
    return c.fail(dim.loc, "syntax.shard_dim",
                  "the dim of S(k) is in [0, " + std::to_string(kMaxRank - 1) + "], but got " + std::to_string(k),
                  "count dims from 0, the outermost");
  if (annot.spec.count_on(static_cast<int>(k)) > 0)
    return c.fail(at, "syntax.shard_same_dim", "two axes of the type shard dim " + std::to_string(k) + "; S(k) cannot say their order",
                  "write V on both and a spec with their order, major first: spec((major, minor), ...)");
  if (!c.expect(K::RParen, "')' after the dim of S")) return false;
  if (annot.spec.empty()) annot.spec_loc = at;
  annot.type.axis[axis] = Ty::V;
  annot.spec.append(axis, static_cast<int>(k));
  return true;
}

}  // namespace

bool parse_type_annot(TokenCursor& c, const Mesh& mesh, TypeAnnot& annot) {
  annot.loc = c.cur().loc;
  if (!c.expect(K::LBrace, "a type '{AXIS: T, ...}'")) return false;
  uint32_t named = 0;  // bit i: mesh axis i has been given a type
  bool sugar = false;  // some axis is written S(k)
  for (bool more = !c.at(K::RBrace); more;) {
    std::string axis_name;
    SourceLoc axis_loc;
    if (!c.take_name("a mesh axis name in the type", "a mesh axis", axis_name, axis_loc)) return false;
    const int idx = mesh.axis_index(axis_name);
    if (idx < 0)
      return c.fail(axis_loc, "syntax.type_axis_unknown", quoted(axis_name) + " is not an axis of the mesh",
                    "a type names the axes of the 'mesh' line");
    if (named & (1u << idx))
      return c.fail(axis_loc, "syntax.type_axis_duplicate", "the type names axis " + quoted(axis_name) + " twice",
                    "a type names every mesh axis exactly once");
    if (!c.expect(K::Colon, [&] { return "':' after axis " + quoted(axis_name) + " in the type"; })) return false;
    if (c.at(K::Ident) && c.cur().text == "S" && c.next().kind == K::LParen) {
      if (!parse_shard(c, mesh, idx, annot)) return false;
      sugar = true;
    } else {
      const std::optional<Ty> ty = c.at(K::Ident) ? ty_from_letter(c.cur().text) : std::nullopt;
      if (!ty)
        return c.fail_expected(mesh.is_global(idx) ? "a type R, I, V, P or S(k) for axis " + quoted(axis_name)
                                                   : "a type letter R, I, V or P for axis " + quoted(axis_name),
                               "syntax.type_letter");
      c.take();
      annot.type.axis[idx] = *ty;
    }
    named |= 1u << idx;
    more = c.at(K::Comma);
    if (more) c.take();
  }
  if (!c.expect(K::RBrace, "',' or '}' in the type")) return false;
  for (size_t i = 0; i < mesh.axes.size(); ++i)
    if (!(named & (1u << i)))
      return c.fail(annot.loc, "syntax.type_axis_missing", "the type does not name mesh axis " + quoted(mesh.axes[i].name),
                    "a type names every mesh axis exactly once, e.g. {" + mesh.axes[i].name + ": R, ...}");
  annot.type.num_axes = static_cast<uint8_t>(mesh.axes.size());
  if (c.at(K::Ident) && c.cur().text == "spec" && c.next().kind == K::LParen) {
    if (sugar)
      return c.fail(c.cur().loc, "syntax.spec_combined", "a type with S(k) has no spec as well",
                    "write V on every sharding axis and list them all in the spec, or drop the spec");
    return parse_spec(c, mesh, annot);
  }
  return true;
}

}  // namespace spmdcheck
