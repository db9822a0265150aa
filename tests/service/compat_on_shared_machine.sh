#!/bin/sh
# Copyright 2026 The portres Authors
# SPDX-License-Identifier: Apache-2.0
#
# The compat suite against a shared machine (SV12): compat_test runs as one
# process of a fresh machine the host service runs, through the same compat
# code as on its in-process host (one sim::Machine).
#
# Left out, and why: the tests that need a control only the in-process host
# offers (profiles, netsh imports, interface addresses, policy switches:
# ProfileTest, IoctlTest.BufferPolicySwitches, OverlappedTest, which switches
# overlapped_reports_pending on, DualStackTest.NonLocalAddressUntilAdded and
# NamesTest.TheMachinesOwnNamesResolveToItsAddresses, which add addresses),
# and those that need a fresh machine per test or an unelevated initial
# process, which a shared machine run as root does not give (its elevation
# is the kernel's, SV2; Reset keeps persistent state and settings):
# ExamplesTest, IphlpapiTest, SimControlTest, LastErrorTest's persistent
# call, WinsockTest.BindAndGetsocknameReportThePort (an earlier test moved
# the dynamic range; DataPathTest.ConnectsImplicitBindFollowsTheReservationRules
# moves it and adds a system reservation). The data path's tests run here
# too: within one program, as in-process; between programs,
# compat_shared_test runs real ones (DP35-DP38).
#
# usage: compat_on_shared_machine.sh PORTRES_CLI COMPAT_TEST
set -eu
portres=$1
compat_test=$2
work=$(mktemp -d /tmp/portres-compatshared-XXXXXX)
export PORTRES_SIM_HOST="$work/machine"
cleanup() {
  "$portres" host stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
"$portres" host start >/dev/null
"$compat_test" --gtest_brief=1 --gtest_filter='-ProfileTest.*:IoctlTest.BufferPolicySwitches:OverlappedTest.*:DualStackTest.NonLocalAddressUntilAdded:NamesTest.TheMachinesOwnNamesResolveToItsAddresses:ExamplesTest.*:IphlpapiTest.*:SimControlTest.*:LastErrorTest.FormatsAPersistentFunctionsCodeIntoAnAllocatedBuffer:WinsockTest.BindAndGetsocknameReportThePort:DataPathTest.ConnectsImplicitBindFollowsTheReservationRules'
