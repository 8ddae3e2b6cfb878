// Writes js/src/abi.ts from wasm/boundary/abi.hpp, so that js/ and the module agree by
// construction. `npm run abi` runs it; the CTest check abi_ts_fresh fails on a stale file.
#include <iostream>
#include <string>
#include <string_view>

#include "abi.hpp"

namespace abi = ssehub::abi;

namespace {

std::string camel(std::string_view name) {
  std::string out;
  bool upper = false;
  for (char c : name) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return out;
}

template <class E, std::size_t N>
void names(std::ostream& out, const char* constant, const char* type, std::string_view what,
           const abi::Doc (&docs)[N], bool from_one = false) {
  out << "\n/**\n * " << what << ":\n";
  for (const abi::Doc& d : docs) {
    out << " * - `" << to_string(static_cast<E>(d.value)) << "`: " << d.text << "\n";
  }
  out << " */\nexport type " << type << " =";
  for (const abi::Doc& d : docs) out << "\n  | '" << to_string(static_cast<E>(d.value)) << "'";
  out << ";\n";
  out << "/** " << type << " by numeric value";
  if (from_one) out << " (0 unused)";
  out << ". */\nexport const " << constant << ": readonly "
      << (from_one ? "(" + std::string(type) + " | '')[] = [\n  '',\n"
                   : std::string(type) + "[] = [\n");
  for (const abi::Doc& d : docs) out << "  '" << to_string(static_cast<E>(d.value)) << "',\n";
  out << "];\n";
}

}  // namespace

int main() {
  std::ostream& out = std::cout;
  out << "// Generated from wasm/boundary/abi.hpp by tools/abi_ts.cpp (`npm run abi`): do not "
         "edit.\n"
         "// The CTest check abi_ts_fresh fails when this file is stale.\n\n";
  out << "/** The module's layout fingerprint; init() refuses a .wasm with another. */\n"
      << "export const ABI_VERSION = " << abi::version() << ";\n";

  out << "\n// Effect records: EFFECT_WORDS float64 per effect; TEXT starts four (offset, length)"
         "\n// pairs in UTF-16 units of the batch's text.\n"
      << "export const EFFECT_WORDS = " << abi::kEffectWords << ";\n";
  for (std::size_t i = 0; i < std::size(abi::kEffectWordNames); ++i) {
    out << "export const EFFECT_" << abi::kEffectWordNames[i] << " = " << i << ";\n";
  }
  for (const auto& [kind, name] : abi::kEffectKinds) {
    out << "export const " << name << " = " << static_cast<int>(kind) << ";\n";
  }

  out << "\n// The health record: HEALTH_WORDS float64.\n"
      << "export const HEALTH_WORDS = " << abi::kHealthWords << ";\n";
  for (std::size_t i = 0; i < std::size(abi::kHealthWordNames); ++i) {
    out << "export const HEALTH_" << abi::kHealthWordNames[i] << " = " << i << ";\n";
  }

  out << "\n/** The metrics block: one float64 per counter, in this order. */\n"
      << "export const METRICS = [\n";
  for (const abi::Metric& m : abi::kMetrics) out << "  '" << m.name << "',\n";
  out << "] as const;\n";
  out << "/** The core's counters since the hub was created. */\nexport interface CoreMetrics {\n";
  for (const abi::Metric& m : abi::kMetrics) {
    out << "  /** " << m.doc << " */\n  " << m.name << ": number;\n";
  }
  out << "}\n";

  out << "\n// Parser records: PARSER_WORDS uint32 each.\n"
      << "export const PARSER_WORDS = " << abi::kParserWords << ";\n";
  for (std::size_t i = 0; i < std::size(abi::kParserRecordNames); ++i) {
    out << "export const PARSER_" << abi::kParserRecordNames[i] << " = " << i + 1 << ";\n";
  }
  out << "/** Parse error codes by numeric value. */\nexport const PARSE_ERRORS = [";
  for (int i = 0; i <= static_cast<int>(abi::kLastParseError); ++i) {
    out << (i ? ", '" : "'") << to_string(static_cast<ssehub::ParseErrorCode>(i)) << "'";
  }
  out << "] as const;\n";

  names<ssehub::HealthState>(out, "HEALTH_STATES", "HealthState", "The hub's health states",
                             abi::kStateDocs);
  names<ssehub::Reason>(out, "REASONS", "HealthReason",
                        "Why the hub is in its state (the last transition's cause)",
                        abi::kReasonDocs);
  names<ssehub::TelemetryCode>(out, "TELEMETRY_CODES", "CoreTelemetryCode",
                               "Telemetry from the core", abi::kTelemetryDocs, true);

  out << "\n/** The module's exports (pointers and handles are byte offsets into memory). */\n"
      << "export interface Exports {\n"
      << "  readonly memory: WebAssembly.Memory;\n"
      << "  _initialize(): void;\n";
  for (const abi::Export& e : abi::kExports) {
    out << "  ssehub_" << e.name << "(";
    std::string_view params = e.params;
    bool first = true;
    while (!params.empty()) {
      const auto comma = params.find(',');
      std::string_view p = params.substr(0, comma);
      while (!p.empty() && p.front() == ' ') p.remove_prefix(1);
      out << (first ? "" : ", ") << camel(p) << ": number";
      first = false;
      params = comma == std::string_view::npos ? std::string_view() : params.substr(comma + 1);
    }
    out << "): " << (e.result == "void" ? "void" : "number") << ";\n";
  }
  out << "}\n";
  return 0;
}
