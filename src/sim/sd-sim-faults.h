/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What goes wrong on purpose, and how often: the settings (from the command line, changed at
 * run time through /_sim/faults), the dice (a GRand of their own, seeded from --seed, so the
 * shop's data does not depend on how many requests came), the two rate limiters and the
 * count of every fault injected. */

typedef struct
{
  double   fail_rate;
  double   malformed_rate;
  double   drop_rate;
  double   truncate_rate;
  double   rate_limit;            /* requests a second; 0: off */
  guint    latency_ms;
  guint    ban_seconds;
  gboolean invalid_session;
  guint    modify_during_paging;  /* orders modified after every page served */
} SdSimFaultSettings;

typedef enum
{
  SD_SIM_FAULT_FAIL,
  SD_SIM_FAULT_RATE_LIMITED,
  SD_SIM_FAULT_LATENCY,
  SD_SIM_FAULT_MALFORMED,
  SD_SIM_FAULT_DROP,
  SD_SIM_FAULT_TRUNCATE,
  SD_SIM_FAULT_INVALID_SESSION,
  SD_SIM_N_FAULTS,
} SdSimFault;

typedef struct _SdSimFaults SdSimFaults;

#define SD_SIM_SHOPIFY_BUCKET 40

SdSimFaults              *sd_sim_faults_new            (guint32                   seed,
                                                        const SdSimFaultSettings *settings);
void                      sd_sim_faults_free           (SdSimFaults              *self);
const SdSimFaultSettings *sd_sim_faults_get_settings   (SdSimFaults              *self);
gboolean                  sd_sim_faults_update         (SdSimFaults              *self,
                                                        GHashTable               *query,
                                                        GError                  **error);
gboolean                  sd_sim_faults_parse_rate_limit (const char             *text,
                                                          double                 *out_per_second);

gboolean                  sd_sim_faults_roll           (SdSimFaults              *self,
                                                        double                    rate);
guint                     sd_sim_faults_pick           (SdSimFaults              *self,
                                                        guint                     n);
void                      sd_sim_faults_count          (SdSimFaults              *self,
                                                        SdSimFault                fault);
guint64                   sd_sim_faults_get_total      (SdSimFaults              *self);

guint                     sd_sim_faults_taobao_ban     (SdSimFaults              *self,
                                                        gint64                    now_us);
gboolean                  sd_sim_faults_shopify_admit  (SdSimFaults              *self,
                                                        gint64                    now_us,
                                                        guint                    *out_level,
                                                        guint                    *out_retry_after);

void                      sd_sim_faults_append_settings (SdSimFaults             *self,
                                                         GString                 *out);
void                      sd_sim_faults_append_counts  (SdSimFaults              *self,
                                                        GString                  *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdSimFaults, sd_sim_faults_free)

G_END_DECLS
