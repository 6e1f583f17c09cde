/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-rfm"

#include "sd-i18n.h"

#include "sd-error.h"
#include "sd-rfm.h"
#include "sd-tier-store-private.h"

static const struct
{
  const char *id;
  const char *label;
} groups[SD_RFM_GROUP_N] = {
  [SD_RFM_GROUP_NONE] = { "", N_("Not scored") },
  [SD_RFM_GROUP_CHAMPIONS] = { "champions", N_("Champions") },
  [SD_RFM_GROUP_LOYAL] = { "loyal", N_("Loyal") },
  [SD_RFM_GROUP_POTENTIAL_LOYALISTS] = { "potential_loyalists", N_("Potential loyalists") },
  [SD_RFM_GROUP_NEW] = { "new", N_("New customers") },
  [SD_RFM_GROUP_PROMISING] = { "promising", N_("Promising") },
  [SD_RFM_GROUP_NEED_ATTENTION] = { "need_attention", N_("Need attention") },
  [SD_RFM_GROUP_ABOUT_TO_SLEEP] = { "about_to_sleep", N_("About to sleep") },
  [SD_RFM_GROUP_AT_RISK] = { "at_risk", N_("At risk") },
  [SD_RFM_GROUP_CANT_LOSE] = { "cant_lose", N_("Can’t lose them") },
  [SD_RFM_GROUP_HIBERNATING] = { "hibernating", N_("Hibernating") },
  [SD_RFM_GROUP_LOST] = { "lost", N_("Lost") },
};

/* The map of sd-rfm.h: rows R = 5 … 1, columns F = 1 … 5. */
#define C SD_RFM_GROUP_CHAMPIONS
#define L SD_RFM_GROUP_LOYAL
#define P SD_RFM_GROUP_POTENTIAL_LOYALISTS
#define N SD_RFM_GROUP_NEW
#define O SD_RFM_GROUP_PROMISING
#define A SD_RFM_GROUP_NEED_ATTENTION
#define S SD_RFM_GROUP_ABOUT_TO_SLEEP
#define R SD_RFM_GROUP_AT_RISK
#define K SD_RFM_GROUP_CANT_LOSE
#define H SD_RFM_GROUP_HIBERNATING
#define X SD_RFM_GROUP_LOST
static const SdRfmGroup group_map[SD_RFM_SCORES][SD_RFM_SCORES] = {
  /* R=5 */ { N, P, P, C, C },
  /* R=4 */ { O, P, P, L, L },
  /* R=3 */ { S, S, A, L, L },
  /* R=2 */ { H, H, R, R, K },
  /* R=1 */ { X, X, R, R, K },
};
#undef C
#undef L
#undef P
#undef N
#undef O
#undef A
#undef S
#undef R
#undef K
#undef H
#undef X

const char *
sd_rfm_group_to_string (SdRfmGroup group)
{
  g_return_val_if_fail (group < SD_RFM_GROUP_N, "");
  return groups[group].id;
}

gboolean
sd_rfm_group_from_string (const char *id,
                          SdRfmGroup *out_group)
{
  if (id == NULL)
    return FALSE;
  for (guint i = 0; i < SD_RFM_GROUP_N; i++)
    if (g_str_equal (id, groups[i].id))
      {
        *out_group = i;
        return TRUE;
      }
  return FALSE;
}

const char *
sd_rfm_group_get_label (SdRfmGroup group)
{
  g_return_val_if_fail (group < SD_RFM_GROUP_N, "");
  return _(groups[group].label);
}

SdRfmGroup
sd_rfm_group_for_scores (int r,
                         int f)
{
  if (r < 1 || r > SD_RFM_SCORES || f < 1 || f > SD_RFM_SCORES)
    return SD_RFM_GROUP_NONE;
  return group_map[SD_RFM_SCORES - r][f - 1];
}

gboolean
sd_rfm_cuts_from_sorted (const gint64 *sorted,
                         gsize         n,
                         gint64        out_cuts[4])
{
  if (n == 0)
    return FALSE;
  /* v scores above k + 1 when at least m = ceil (k n / 5) values are below it, that is
   * when v > sorted[m - 1]. */
  for (guint k = 1; k <= 4; k++)
    {
      guint64 m = ((guint64) k * n + 4) / 5;
      out_cuts[k - 1] = sorted[m - 1];
    }
  return TRUE;
}

int
sd_rfm_score (gint64       value,
              const gint64 cuts[4])
{
  int score = 1;

  for (guint k = 0; k < 4; k++)
    if (value > cuts[k])
      score++;
  return score;
}

gboolean
sd_rfm_grid (SdSession  *session,
             SdRfmGrid  *out_grid,
             GError    **error)
{
  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (out_grid != NULL, FALSE);

  if (!sd_session_require (session, SD_PERMISSION_VIEW_CUSTOMERS, error))
    return FALSE;
  return _sd_rfm_store_grid (sd_session_get_db (session), out_grid, error);
}

GArray *
sd_rfm_list_cell (SdSession  *session,
                  int         r,
                  int         f,
                  GError    **error)
{
  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!sd_session_require (session, SD_PERMISSION_VIEW_CUSTOMERS, error))
    return NULL;
  if (r < 1 || r > SD_RFM_SCORES || f < 1 || f > SD_RFM_SCORES)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("RFM scores run from 1 to 5; there is no cell R %d × F %d."), r, f);
      return NULL;
    }
  return _sd_rfm_store_cell_ids (sd_session_get_db (session), r, f, error);
}
