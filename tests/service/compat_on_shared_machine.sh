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
# overlapped_reports_pending on, DualStackTest.NonLocalAddressUntilAdded),
# and those that need a fresh machine per test or an unelevated initial
# process, which a shared machine run as root does not give (its elevation
# is the kernel's, SV2; Reset keeps persistent state and settings):
# ExamplesTest, IphlpapiTest, SimControlTest, LastErrorTest's persistent
# call, WinsockTest.BindAndGetsocknameReportThePort (an earlier test moved
# the dynamic range). DataPathTest, ProgramsTest, EventSelectTest's traffic
# tests: the shared machine carries
# no traffic between its processes yet (DP28; compat_shared_test checks that
# refusal).
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
"$compat_test" --gtest_brief=1 --gtest_filter='-ProfileTest.*:IoctlTest.BufferPolicySwitches:OverlappedTest.*:DualStackTest.NonLocalAddressUntilAdded:ExamplesTest.*:IphlpapiTest.*:SimControlTest.*:LastErrorTest.FormatsAPersistentFunctionsCodeIntoAnAllocatedBuffer:WinsockTest.BindAndGetsocknameReportThePort:DataPathTest.*:ProgramsTest.*:EventSelectTest.A*:EventSelectTest.Fd*'
