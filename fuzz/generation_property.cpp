// The generation target's property (contract in generation_property.h).
#include "fuzz/generation_property.h"

#include <exception>
#include <string>

#include "fuzz/fuzz_properties.h"
#include "generators/chooser.h"
#include "generators/program_generator.h"
#include "oracle/checker.h"
#include "program/program_text.h"
#include "rules/table_loader.h"
#include "soundness/program_property.h"

namespace spmdcheck::fuzz {

GenerationSettings fuzz_generation_settings() {
  GenerationSettings s;
  s.min_statements = 1;
  s.max_statements = 8;
  s.min_axes = 1;
  s.max_axes = 2;
  s.max_axis_size = 2;
  s.max_ranks = 4;
  s.min_rank = 0;
  s.max_rank = 3;
  s.max_dim = 4;
  return s;
}

void generation_property(const uint8_t* data, size_t size) {
  static const GenerationSettings settings = fuzz_generation_settings();
  const RuleTable& table = *default_rule_table();
  std::string text;  // the generated program, once there is one
  uint64_t data_seed = 0;
  auto context = [&] { return "settings: " + settings.to_string() + "\ndata seed: " + std::to_string(data_seed) + "\nprogram:\n" + text; };
  try {
    ByteChooser chooser(data, size);
    Program program = generate_program(table, settings, chooser);
    data_seed = chooser.choose(uint64_t{1} << 32);
    text = print_program(program);
    CheckResult checked = check_program(table, program);
    if (!checked.ok())
      fuzz_fail("generation: the checker rejects a generated program",
                checked.error->rule_id + ": " + checked.error->message + "\n" + context());
    PropertyOptions options;
    options.gradients = true;
    PropertyOutcome outcome = check_program_property(table, program, data_seed, options);
    if (!outcome.error.empty()) fuzz_fail("generation: the property run does not type-check the program", outcome.error + "\n" + context());
    if (outcome.failed())
      fuzz_fail("generation: forward/gradient consistency fails", outcome.first_failure().describe(program.mesh) + "\n" + context());
  } catch (const std::exception& e) {
    fuzz_fail("generation: exception escaped", std::string(e.what()) + "\n" + context());
  }
}

}  // namespace spmdcheck::fuzz
