// Only in portres_sim_mutants: reads PORTRES_MUTANT once.

#include "sim/mutants.h"

#include <cstdlib>

namespace portres::sim::mutants {

Mutant ActiveMutant() {
  static const Mutant active = [] {
    const char* text = std::getenv("PORTRES_MUTANT");
    const int number = text == nullptr ? 0 : std::atoi(text);
    int count = 0;
#define PORTRES_MUTANT_ROW(name, what) ++count;
    PORTRES_MUTANT_ROWS
#undef PORTRES_MUTANT_ROW
    return number >= 1 && number <= count ? static_cast<Mutant>(number)
                                          : Mutant::kNone;
  }();
  return active;
}

}  // namespace portres::sim::mutants
