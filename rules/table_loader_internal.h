#pragma once
// Shared by the loader's translation units (not a public interface).
#include <string>

#include "rules/rule_table.h"
#include "rules/toml_row.h"

namespace spmdcheck::loader {

RuleIndex add_rule(RuleTable& t, TomlRow& row, RowSection section, bool rejects);
Ty read_ty(TomlRow& row, const char* key, const std::string& text);
Form::Kind read_form_kind(TomlRow& row, const char* key, const std::string& text);

// The [table] header section (rules/table_header_loader.cpp).
void load_table_header(RuleTable& t, const toml::table& header);
void load_comm_op(RuleTable& t, TomlRow& row);
void load_transition(RuleTable& t, TomlRow& row);
// Resolves backward and compose ids to row indices (-1 where absent: the
// linter reports those).
void resolve_transition_references(RuleTable& t);
void load_propagation(RuleTable& t, TomlRow& row);  // rules/propagation_loader.cpp

}  // namespace spmdcheck::loader
