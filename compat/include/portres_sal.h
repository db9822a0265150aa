// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

/* File: sal.h
 *
 * portres's stand-in for <sal.h>: Microsoft's source annotation language
 * (SAL 2.0) spelled as no-ops, so annotated Windows code compiles with GCC
 * and Clang. The annotations only feed Microsoft's static analyser; they
 * never change what code does, so expanding to nothing is exact.
 *
 * Covered: the parameter, return, buffer, locking, IRQL and function-class
 * vocabulary Windows networking and driver-sample code uses (the
 * _In_/_Out_/_Inout_ families with _opt_, _z_, _reads_/_writes_ sizes,
 * _Success_, _Ret_*, _Must_inspect_result_, _Check_return_, _Use_decl_annotations_,
 * _IRQL_*, _Requires_lock_* / _Acquires_*, _Guarded_by_, _Field_size_*,
 * _Null_terminated_, _Printf_format_string_, _Analysis_assume_, __analysis_assume).
 * Not covered: the pre-2.0 double-underscore spellings (__in, __out, ...):
 * as macros they would rewrite names inside the C and C++ libraries.
 *
 * Example:
 *   _Success_(return == 0) int Parse(_In_z_ const char* text,
 *                                    _Out_writes_(n) char* out, _In_ int n);
 *
 * Thread safety: declarations only.
 */
#ifndef PORTRES_COMPAT_SAL_H_
#define PORTRES_COMPAT_SAL_H_

/* Parameters. */
#define _In_
#define _In_opt_
#define _In_z_
#define _In_opt_z_
#define _In_reads_(size)
#define _In_reads_opt_(size)
#define _In_reads_bytes_(size)
#define _In_reads_bytes_opt_(size)
#define _In_reads_z_(size)
#define _In_range_(lo, hi)
#define _Out_
#define _Out_opt_
#define _Out_writes_(size)
#define _Out_writes_opt_(size)
#define _Out_writes_bytes_(size)
#define _Out_writes_bytes_opt_(size)
#define _Out_writes_to_(size, count)
#define _Out_writes_bytes_to_(size, count)
#define _Out_writes_bytes_to_opt_(size, count)
#define _Out_writes_z_(size)
#define _Out_range_(lo, hi)
#define _Outptr_
#define _Outptr_opt_
#define _Outptr_result_maybenull_
#define _Outptr_result_buffer_(size)
#define _Outptr_result_bytebuffer_(size)
#define _Inout_
#define _Inout_opt_
#define _Inout_z_
#define _Inout_updates_(size)
#define _Inout_updates_opt_(size)
#define _Inout_updates_bytes_(size)
#define _Inout_updates_bytes_opt_(size)
#define _Reserved_
#define _Pre_
#define _Post_
#define _Pre_notnull_
#define _Pre_maybenull_
#define _Pre_valid_
#define _Post_valid_
#define _Post_invalid_
#define _Post_writable_byte_size_(size)
#define _Frees_ptr_
#define _Frees_ptr_opt_
#define _Deref_out_
#define _Deref_out_opt_
#define _Notnull_
#define _Maybenull_
#define _Null_terminated_
#define _NullNull_terminated_
#define _Printf_format_string_
#define _Field_size_(size)
#define _Field_size_opt_(size)
#define _Field_size_bytes_(size)
#define _Field_size_part_(size, count)
#define _Field_range_(lo, hi)
#define _Field_z_
#define _Readable_bytes_(size)
#define _Writable_bytes_(size)

/* Results and whole functions. */
#define _Success_(expr)
#define _Return_type_success_(expr)
#define _Ret_
#define _Ret_z_
#define _Ret_maybenull_
#define _Ret_notnull_
#define _Ret_range_(lo, hi)
#define _Ret_writes_(size)
#define _Ret_writes_bytes_(size)
#define _Result_nullonfailure_
#define _Must_inspect_result_
#define _Check_return_
#define _Use_decl_annotations_
#define _Post_satisfies_(expr)
#define _Pre_satisfies_(expr)
#define _When_(expr, annotations)
#define _At_(target, annotations)
#define _Analysis_assume_(expr)
#define _Analysis_noreturn_
#define __analysis_assume(expr)
#define _Function_class_(name)
#define _Callback_
#define _Strict_type_match_
#define _Kernel_requires_resource_held_(kind)
#define _Kernel_float_saved_
#define _Kernel_float_restored_

/* Locks. */
#define _Guarded_by_(lock)
#define _Interlocked_
#define _Requires_lock_held_(lock)
#define _Requires_lock_not_held_(lock)
#define _Requires_exclusive_lock_held_(lock)
#define _Requires_shared_lock_held_(lock)
#define _Acquires_lock_(lock)
#define _Acquires_exclusive_lock_(lock)
#define _Acquires_shared_lock_(lock)
#define _Releases_lock_(lock)
#define _Releases_exclusive_lock_(lock)
#define _Releases_shared_lock_(lock)
#define _No_competing_thread_
#define _Benign_race_begin_
#define _Benign_race_end_

/* Interrupt request levels (driver code). */
#define _IRQL_requires_(level)
#define _IRQL_requires_max_(level)
#define _IRQL_requires_min_(level)
#define _IRQL_requires_same_
#define _IRQL_raises_(level)
#define _IRQL_saves_
#define _IRQL_restores_
#define _IRQL_saves_global_(kind, param)
#define _IRQL_restores_global_(kind, param)
#define _IRQL_always_function_max_(level)
#define _IRQL_uses_cancel_

#endif /* PORTRES_COMPAT_SAL_H_ */
