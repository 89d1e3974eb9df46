#pragma once
// The type annotation of an input or assert: `{AXIS: T, ...}`, with S(k)
// on global axes and an optional partition spec, `spec(ENTRY, ...)`
// (program-format.md, "Global SPMD"). The parser enforces the format's
// structural rules (axes of the mesh, each once; S(k) and spec only on
// global axes; a spec names each axis at most once, and is not combined
// with S(k)); which types may carry a spec is the checker's (rows
// global.v_without_spec, global.spec_on_non_v).
#include "program/program.h"
#include "program/program_token_cursor.h"

namespace spmdcheck {

// Parses a type at the cursor into `annot`. Returns false after recording
// the first error in the cursor.
bool parse_type_annot(TokenCursor& c, const Mesh& mesh, TypeAnnot& annot);

}  // namespace spmdcheck
