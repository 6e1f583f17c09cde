/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sd-sim-request.h"

G_BEGIN_DECLS

/* The simulator's own endpoints under /_sim/ (no platform has them): the state, moving the
 * data clock with new and changed orders, the faults in force, and every order as tests
 * compare a synced database with it. */

SdSimAnswer *sd_sim_admin_answer (const SdSimRequest *request);
/* {"error":MESSAGE} with STATUS: what every admin endpoint answers to a bad request. */
SdSimAnswer *sd_sim_admin_error  (guint               status,
                                  const char         *message);

G_END_DECLS
