// Deliberate bugs for the mutation check of the model-based suite
// (tests/model/mutation_check.cmake). They are compiled only into the
// test-only library portres_sim_mutants (PORTRES_WITH_MUTANTS) and chosen at
// run time by PORTRES_MUTANT=<number>; in every other build PORTRES_MUTANT(x)
// is the constant false and the compiler removes the broken branch.

#ifndef PORTRES_SIM_MUTANTS_H_
#define PORTRES_SIM_MUTANTS_H_

namespace portres::sim::mutants {

// One line per mutant: PORTRES_MUTANT_ROW(name, what it breaks). The order
// gives the numbers, from 1.
#define PORTRES_MUTANT_ROWS                                                    \
  PORTRES_MUTANT_ROW(kOverlapAcquireWrongCode,                                 \
                     "overlapping acquire answers WSAEACCES, not 10048")       \
  PORTRES_MUTANT_ROW(kForeignReleaseAllowed,                                   \
                     "another process may release a runtime reservation")      \
  PORTRES_MUTANT_ROW(kCloseKeepsReservations,                                  \
                     "closing the acquiring socket keeps its reservations")    \
  PORTRES_MUTANT_ROW(kWildcardIgnoresPersistent,                               \
                     "wildcard blocks may overlap persistent reservations")    \
  PORTRES_MUTANT_ROW(kRebootKeepsRuntime,                                      \
                     "reboot keeps runtime and system reservations")           \
  PORTRES_MUTANT_ROW(kLookupMatchesSubrange,                                   \
                     "lookup matches a block inside a reservation")            \
  PORTRES_MUTANT_ROW(kRebootKeepsTokens,                                       \
                     "persistent tokens are not renewed on reboot")            \
  PORTRES_MUTANT_ROW(kBindZeroIgnoresReservations,                             \
                     "bind(0) may land inside a reservation")                  \
  PORTRES_MUTANT_ROW(kOffByOneAtMaxPort,                                       \
                     "a runtime block may end at port 65536")                  \
  PORTRES_MUTANT_ROW(kAssociationSurvivesRelease,                              \
                     "a stale association binds like an unassociated socket")  \
  PORTRES_MUTANT_ROW(kUnelevatedPersistentAssociate,                           \
                     "unelevated processes may associate persistent tokens")   \
  PORTRES_MUTANT_ROW(kDynamicRangeIgnored,                                     \
                     "setting the dynamic range succeeds but changes nothing") \
  PORTRES_MUTANT_ROW(kDeleteIgnoresElevation,                                  \
                     "unelevated processes may delete persistent blocks")      \
  PORTRES_MUTANT_ROW(kNoSharingWithinReservation,                              \
                     "sockets of one reservation cannot share a port (O7)")

enum class Mutant {
  kNone,
#define PORTRES_MUTANT_ROW(name, what) name,
  PORTRES_MUTANT_ROWS
#undef PORTRES_MUTANT_ROW
};

// The mutant PORTRES_MUTANT selects (kNone if unset or unknown).
Mutant ActiveMutant();

}  // namespace portres::sim::mutants

#ifdef PORTRES_WITH_MUTANTS
#define PORTRES_MUTANT(name)                  \
  (::portres::sim::mutants::ActiveMutant() == \
   ::portres::sim::mutants::Mutant::name)
#else
#define PORTRES_MUTANT(name) false
#endif

#endif  // PORTRES_SIM_MUTANTS_H_
