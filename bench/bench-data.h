/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-customer.h"

#include "sd-session.h"

G_BEGIN_DECLS

/* The benchmark's input files, drawn from sd_demo: the same seed and sizes give the same
 * bytes. Times in the files are Beijing time; the shop's "now" is fixed so that runs on
 * different days still produce the same files. */

#define BENCH_DEFAULT_SEED 20240601
#define BENCH_NOW          G_GINT64_CONSTANT (1735689600)   /* 2025-01-01 00:00:00 UTC */

#define BENCH_CUSTOMERS_FILE "customers.csv"
#define BENCH_CUSTOMERS_GB18030_FILE "customers-gb18030.csv"
#define BENCH_ORDERS_FILE "orders.csv"

gboolean     bench_data_write        (const char  *dir,
                                      guint64      seed,
                                      guint        n_customers,
                                      guint        n_orders,
                                      GError     **error);

/* The note a generated customer carries in the 备注 column, or NULL. */
const char  *bench_data_note_for     (guint64      seed,
                                      gint64       customer_id);
/* Words that occur in those notes, for search queries. */
const char * const *bench_data_note_words (guint *out_n);

/* The phone as the files write it: 11 digits without +86, or masked, or "". */
const char  *bench_data_local_phone  (const SdCustomer *customer);

/* "浙江省 杭州市 西湖区 文三路100号": how Taobao's order report writes 收货地址. */
char        *bench_data_full_address (const SdCustomer *customer);

/* "2024-05-01 13:45:00" in Beijing time; @buf holds at least 20 bytes. */
void         bench_data_format_time  (gint64       utc,
                                      char        *buf);

/* The shop at PATH with its owner logged in: made when there is no file yet, and given an
 * owner when it is from before accounts. The password is a benchmark's, not a secret. */
#define BENCH_OWNER    "bench"
#define BENCH_PASSWORD "bench password"
SdSession   *bench_open_shop         (const char  *path,
                                      GError     **error);

G_END_DECLS
