# cmake -DINPUT=table.toml -DOUTPUT=file.cpp -DFUNCTION=name -P embed_table.cmake
# Embeds a rule table as a raw string returned by `std::string_view FUNCTION()`,
# so spmdcheck works from any directory. The delimiter cannot occur in TOML
# text a reviewer would accept; the build fails loudly if it does.
file(READ "${INPUT}" text)
string(FIND "${text}" ")spmdtable\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )spmdtable\"")
endif()
get_filename_component(input_name "${INPUT}" NAME)
file(WRITE "${OUTPUT}.tmp"
  "// Generated from rules/${input_name} by rules/embed_table.cmake. Do not edit.\n"
  "#include \"rules/embedded_tables.h\"\n"
  "namespace spmdcheck {\n"
  "std::string_view ${FUNCTION}() {\n"
  "  static constexpr std::string_view text = R\"spmdtable(${text})spmdtable\";\n"
  "  return text;\n"
  "}\n"
  "}  // namespace spmdcheck\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
