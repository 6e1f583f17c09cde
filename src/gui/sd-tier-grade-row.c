/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-tier-grade-row"

#include <glib/gi18n.h>

#include "sd-format.h"
#include "sd-tier-grade-row.h"
#include "sd-values.h"

/* The choices of the basis row, in the order of SdTierBasis. */
static const char *basis_labels[] = {
  [SD_TIER_BASIS_AMOUNT] = N_("Total paid"),
  [SD_TIER_BASIS_COUNT] = N_("Trade count"),
};

struct _SdTierGradeRow
{
  AdwExpanderRow  parent_instance;

  int             grade;
  SdTierBasis     basis;          /* what the threshold row holds */
  char           *other_text;     /* the threshold typed for the other basis, kept across a switch */
  char           *error;
  gboolean        filling;

  GtkLabel       *count_label;
  GtkWidget      *error_icon;
  GtkSwitch      *enabled_switch; /* NULL for grade 0: always on */
  AdwEntryRow    *name_row;
  AdwComboRow    *basis_row;      /* NULL for grade 0 */
  AdwEntryRow    *threshold_row;  /* NULL for grade 0 */
  GtkLabel       *threshold_reading;
  AdwEntryRow    *discount_row;
  GtkLabel       *discount_reading;
};

G_DEFINE_FINAL_TYPE (SdTierGradeRow, sd_tier_grade_row, ADW_TYPE_EXPANDER_ROW)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- text ---- */

/* 1000.05 yuan is typed "1000.05", 1000 yuan "1000": what people type, no separators. */
static char *
threshold_text (SdTierBasis basis,
                gint64      threshold)
{
  if (basis == SD_TIER_BASIS_COUNT || threshold % 100 == 0)
    return g_strdup_printf ("%lld", (long long) (basis == SD_TIER_BASIS_COUNT ? threshold : threshold / 100));
  return g_strdup_printf ("%lld.%02d", (long long) (threshold / 100), (int) (threshold % 100));
}

/* The number of 折 in PERMILLE: 950 → "9.5", 955 → "9.55", 900 → "9". */
static char *
zhe_text (int permille)
{
  int whole = permille / 100;
  int hundredths = permille % 100;

  if (hundredths == 0)
    return g_strdup_printf ("%d", whole);
  if (hundredths % 10 == 0)
    return g_strdup_printf ("%d.%d", whole, hundredths / 10);
  return g_strdup_printf ("%d.%02d", whole, hundredths);
}

static gboolean
parse_threshold (SdTierBasis  basis,
                 const char  *text,
                 gint64      *out_threshold,
                 char       **out_message)
{
  if (basis == SD_TIER_BASIS_AMOUNT)
    return sd_parse_money (text, out_threshold, out_message);
  return sd_parse_count (text, out_threshold, out_message);
}

static const char *
threshold_title (SdTierBasis basis)
{
  return basis == SD_TIER_BASIS_AMOUNT ? _("At least, in yuan") : _("At least, in trades");
}

/* ---- the editors ---- */

static void
set_field_error (AdwEntryRow *row,
                 gboolean     error)
{
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

/* The name shown: the one typed, or the built-in one when it is empty. */
static char *
typed_name (SdTierGradeRow *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));

  /* The built-in name typed as it is stays the built-in one, translated for whoever reads. */
  if (g_strcmp0 (name, sd_tier_grade_default_name (self->grade)) == 0)
    g_clear_pointer (&name, g_free);
  return name != NULL ? g_steal_pointer (&name) : g_strdup ("");
}

/* What the row shows beside its editors: the value each one was read as, the title, the
 * summary. */
static void
update_readings (SdTierGradeRow *self)
{
  g_autoptr(SdTierLadder) ladder = sd_tier_ladder_new_default ();
  g_autofree char *name = typed_name (self);
  g_autofree char *message = NULL;
  gint64 threshold = 0;
  int permille = 0;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), *name ? name : sd_tier_grade_default_name (self->grade));

  if (self->threshold_row != NULL)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (self->threshold_row));
      gboolean ok = parse_threshold (self->basis, text, &threshold, &message);
      g_autofree char *reading = NULL;

      g_clear_pointer (&message, g_free);
      if (ok && self->basis == SD_TIER_BASIS_AMOUNT)
        reading = sd_format_money_display (threshold);
      else if (ok)
        reading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld trade", "%lld trades",
                                                (gulong) MIN (threshold, G_MAXLONG)),
                                   (long long) threshold);
      gtk_label_set_label (self->threshold_reading, reading != NULL ? reading : "");
      set_field_error (self->threshold_row, !ok);
    }
  {
    gboolean ok = sd_tier_grade_row_parse_discount (gtk_editable_get_text (GTK_EDITABLE (self->discount_row)),
                                                    &permille, &message);
    g_autofree char *reading = ok ? sd_tier_grade_row_format_discount (permille) : NULL;

    g_clear_pointer (&message, g_free);
    gtk_label_set_label (self->discount_reading, reading != NULL ? reading : "");
    set_field_error (self->discount_row, !ok || permille < SD_TIER_MIN_DISCOUNT || permille > SD_TIER_MAX_DISCOUNT);
  }

  if (self->error == NULL && sd_tier_grade_row_read (self, ladder, NULL))
    {
      g_autofree char *summary = sd_tier_grade_row_describe (self->grade, &ladder->grades[self->grade]);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), summary);
    }
  else if (self->error != NULL)
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), self->error);
}

static void
changed_cb (SdTierGradeRow *self)
{
  if (self->filling)
    return;
  update_readings (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* The threshold typed for one basis means nothing in the other: each keeps its own. */
static void
basis_changed_cb (SdTierGradeRow *self)
{
  SdTierBasis basis = adw_combo_row_get_selected (self->basis_row) == SD_TIER_BASIS_COUNT
                        ? SD_TIER_BASIS_COUNT : SD_TIER_BASIS_AMOUNT;
  g_autofree char *typed = NULL;
  gboolean filling = self->filling;

  if (basis == self->basis)
    return;
  typed = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->threshold_row)));
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->threshold_row), self->other_text != NULL ? self->other_text : "");
  self->filling = filling;
  g_free (self->other_text);
  self->other_text = g_steal_pointer (&typed);
  self->basis = basis;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->threshold_row), threshold_title (basis));
  changed_cb (self);
}

/* An editor row, named NAME (tests find it so), with a label after the text saying how it
 * was read, when OUT_READING asks for one. */
static AdwEntryRow *
add_entry_row (SdTierGradeRow *self,
               const char     *name,
               const char     *title,
               GtkLabel      **out_reading)
{
  GtkWidget *row = adw_entry_row_new ();

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (out_reading != NULL)
    {
      GtkWidget *reading = gtk_label_new (NULL);
      g_autofree char *reading_name = g_strdup_printf ("%s-reading", name);

      gtk_widget_set_name (reading, reading_name);
      gtk_widget_add_css_class (reading, "dim-label");
      gtk_widget_add_css_class (reading, "numeric");
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), reading);
      *out_reading = GTK_LABEL (reading);
    }
  g_signal_connect_object (row, "changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), row);
  return ADW_ENTRY_ROW (row);
}

static void
add_switch (SdTierGradeRow *self)
{
  GtkWidget *toggle = gtk_switch_new ();
  g_autofree char *label = g_strdup_printf (_("Grade %d is on"), self->grade);

  gtk_widget_set_name (toggle, "enabled");
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (self), toggle);
  /* Grade 0 shows its switch on and fixed: every customer holds it. */
  if (self->grade == 0)
    {
      gtk_switch_set_active (GTK_SWITCH (toggle), TRUE);
      gtk_widget_set_sensitive (toggle, FALSE);
      gtk_widget_set_tooltip_text (toggle, _("Every customer holds grade 0: it cannot be switched off."));
      return;
    }
  gtk_widget_set_tooltip_text (toggle, _("Switch the grade on or off. Off, nobody reaches it; its settings stay."));
  g_signal_connect_object (toggle, "notify::active", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  self->enabled_switch = GTK_SWITCH (toggle);
}

static void
build (SdTierGradeRow *self,
       GtkSizeGroup   *count_group)
{
  GtkWidget *count = gtk_label_new (NULL);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (self), sd_tier_grade_row_new_number (self->grade));
  /* Each action goes before the ones added earlier: the switch ends the row, the count
   * before it (lined up from row to row), the warning of a grade at fault first. */
  add_switch (self);
  gtk_widget_set_name (count, "count");
  gtk_widget_add_css_class (count, "numeric");
  gtk_widget_set_valign (count, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (count), 1.0);
  if (count_group != NULL)
    gtk_size_group_add_widget (count_group, count);
  self->count_label = GTK_LABEL (count);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (self), count);
  gtk_widget_set_visible (icon, FALSE);
  gtk_widget_add_css_class (icon, "error");
  self->error_icon = icon;
  adw_expander_row_add_action (ADW_EXPANDER_ROW (self), icon);

  self->name_row = add_entry_row (self, "name", _("Grade name"), NULL);
  if (self->grade > 0)
    {
      g_autoptr(GtkStringList) bases = gtk_string_list_new (NULL);
      GtkWidget *row = adw_combo_row_new ();

      gtk_widget_set_name (row, "basis");
      for (guint i = 0; i < G_N_ELEMENTS (basis_labels); i++)
        gtk_string_list_append (bases, _(basis_labels[i]));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Reached by"));
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (bases));
      g_signal_connect_object (row, "notify::selected", G_CALLBACK (basis_changed_cb), self, G_CONNECT_SWAPPED);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (self), row);
      self->basis_row = ADW_COMBO_ROW (row);
      self->threshold_row = add_entry_row (self, "threshold", threshold_title (self->basis), &self->threshold_reading);
      adw_entry_row_set_input_purpose (self->threshold_row, GTK_INPUT_PURPOSE_NUMBER);
    }
  /* TRANSLATORS: the title of the discount's entry; the discount is typed as sellers say it, 9.5 for 9.5折 */
  /* xgettext:no-c-format */
  self->discount_row = add_entry_row (self, "discount", _("Discount, in 折 (9.5 = 5% off)"),
                                      &self->discount_reading);
  adw_entry_row_set_input_purpose (self->discount_row, GTK_INPUT_PURPOSE_NUMBER);
}

/* ---- the object ---- */

static void
sd_tier_grade_row_finalize (GObject *object)
{
  SdTierGradeRow *self = SD_TIER_GRADE_ROW (object);

  g_free (self->other_text);
  g_free (self->error);
  G_OBJECT_CLASS (sd_tier_grade_row_parent_class)->finalize (object);
}

static void
sd_tier_grade_row_class_init (SdTierGradeRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sd_tier_grade_row_finalize;

  /**
   * SdTierGradeRow::changed:
   *
   * Something was typed, switched or chosen.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
sd_tier_grade_row_init (SdTierGradeRow *self)
{
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "tier-grade");
}

/* ---- public API ---- */

GtkWidget *
sd_tier_grade_row_new (int           grade,
                       GtkSizeGroup *count_group)
{
  SdTierGradeRow *self;

  g_return_val_if_fail (grade >= 0 && grade < SD_TIER_N_GRADES, NULL);

  self = g_object_new (SD_TYPE_TIER_GRADE_ROW, NULL);
  self->grade = grade;
  build (self, count_group);
  return GTK_WIDGET (self);
}

int
sd_tier_grade_row_get_grade (SdTierGradeRow *self)
{
  g_return_val_if_fail (SD_IS_TIER_GRADE_ROW (self), 0);
  return self->grade;
}

void
sd_tier_grade_row_set_value (SdTierGradeRow    *self,
                             const SdTierGrade *value)
{
  g_autofree char *threshold = NULL;
  g_autofree char *discount = NULL;

  g_return_if_fail (SD_IS_TIER_GRADE_ROW (self));
  g_return_if_fail (value != NULL);

  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row),
                         *value->name ? value->name : sd_tier_grade_default_name (self->grade));
  if (self->grade > 0)
    {
      g_clear_pointer (&self->other_text, g_free);
      /* The basis first: switching it swaps the threshold's text. */
      adw_combo_row_set_selected (self->basis_row, value->basis);
      threshold = threshold_text (value->basis, value->threshold);
      gtk_editable_set_text (GTK_EDITABLE (self->threshold_row), threshold);
      g_clear_pointer (&self->other_text, g_free);
      gtk_switch_set_active (self->enabled_switch, value->enabled);
    }
  discount = zhe_text (value->discount_permille);
  gtk_editable_set_text (GTK_EDITABLE (self->discount_row), discount);
  self->filling = FALSE;
  update_readings (self);
}

gboolean
sd_tier_grade_row_read (SdTierGradeRow  *self,
                        SdTierLadder    *ladder,
                        char           **out_message)
{
  g_autofree char *name = NULL;
  g_autofree char *problem = NULL;
  SdTierGrade value;

  g_return_val_if_fail (SD_IS_TIER_GRADE_ROW (self), FALSE);
  g_return_val_if_fail (ladder != NULL, FALSE);

  value = ladder->grades[self->grade];
  name = typed_name (self);
  value.name = name;
  value.enabled = self->enabled_switch == NULL || gtk_switch_get_active (self->enabled_switch);
  if (self->threshold_row != NULL)
    {
      value.basis = self->basis;
      if (!parse_threshold (self->basis, gtk_editable_get_text (GTK_EDITABLE (self->threshold_row)),
                            &value.threshold, &problem))
        goto refuse;
    }
  if (!sd_tier_grade_row_parse_discount (gtk_editable_get_text (GTK_EDITABLE (self->discount_row)),
                                         &value.discount_permille, &problem))
    goto refuse;
  sd_tier_ladder_set_grade (ladder, self->grade, &value);
  return TRUE;

refuse:
  if (out_message != NULL)
    /* TRANSLATORS: a grade's value that is not one: "高级会员 (grade 2): “1000.055” has more than two decimals." */
    *out_message = g_strdup_printf (_("%s (grade %d): %s."), *name ? name : sd_tier_grade_default_name (self->grade),
                                    self->grade, problem);
  return FALSE;
}

void
sd_tier_grade_row_set_count (SdTierGradeRow *self,
                             gint64          count)
{
  g_autofree char *text = NULL;

  g_return_if_fail (SD_IS_TIER_GRADE_ROW (self));

  text = sd_format_customers (count);
  gtk_label_set_label (self->count_label, text);
}

void
sd_tier_grade_row_set_error (SdTierGradeRow *self,
                             const char     *message)
{
  g_return_if_fail (SD_IS_TIER_GRADE_ROW (self));

  if (g_strcmp0 (message, self->error) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_widget_set_visible (self->error_icon, message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self), "tier-grade-error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "tier-grade-error");
  update_readings (self);
}

const char *
sd_tier_grade_row_get_error (SdTierGradeRow *self)
{
  g_return_val_if_fail (SD_IS_TIER_GRADE_ROW (self), NULL);
  return self->error;
}

GtkWidget *
sd_tier_grade_row_new_number (int grade)
{
  GtkWidget *number = gtk_label_new (NULL);
  g_autofree char *digit = g_strdup_printf ("%d", grade);
  g_autofree char *tooltip = g_strdup_printf (_("Grade %d"), grade);

  gtk_label_set_label (GTK_LABEL (number), digit);
  gtk_widget_set_valign (number, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (number, tooltip);
  gtk_widget_add_css_class (number, "tier-grade-number");
  return number;
}

char *
sd_tier_grade_row_format_discount (int permille)
{
  g_autofree char *zhe = NULL;

  if (permille >= SD_TIER_MAX_DISCOUNT)
    return g_strdup (_("No discount"));
  zhe = zhe_text (permille);
  /* TRANSLATORS: a discount as Chinese sellers write it: "9.5折" is 95% of the price, 5% off */
  return g_strdup_printf (_("%s折"), zhe);
}

gboolean
sd_tier_grade_row_parse_discount (const char  *text,
                                  int         *out_permille,
                                  char       **out_message)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  gsize len = strlen (copy);
  const char *p;
  int whole = 0;
  int hundredths = 0;
  int decimals = 0;
  gboolean digits = FALSE;
  gboolean point = FALSE;

  g_return_val_if_fail (out_permille != NULL, FALSE);

  /* "9.5折" as well as "9.5". */
  if (g_str_has_suffix (copy, "折"))
    {
      copy[len - strlen ("折")] = '\0';
      g_strchomp (copy);
    }
  for (p = copy; *p != '\0'; p++)
    {
      if (*p == '.' && !point)
        point = TRUE;
      else if (!g_ascii_isdigit (*p))
        break;
      else if (point && ++decimals > 2)
        {
          if (out_message != NULL)
            *out_message = g_strdup_printf (_("the discount “%s” has more than two decimals"), copy);
          return FALSE;
        }
      else
        {
          digits = TRUE;
          if (point)
            hundredths = hundredths * 10 + (*p - '0');
          else if (whole <= 10)
            whole = whole * 10 + (*p - '0');
        }
    }
  if (*p != '\0' || !digits || whole > 10)
    {
      if (out_message != NULL)
        *out_message = *copy == '\0'
                         ? g_strdup (_("the discount is empty: type it in 折, 9.5 for 9.5折, 10 for none"))
                         : g_strdup_printf (_("the discount “%s” is not in 折: type 9.5 for 9.5折, 10 for none"), copy);
      return FALSE;
    }
  if (decimals == 1)
    hundredths *= 10;
  *out_permille = whole * 100 + hundredths;
  return TRUE;
}

char *
sd_tier_grade_row_describe (int                grade,
                            const SdTierGrade *value)
{
  g_autofree char *discount = NULL;
  g_autofree char *threshold = NULL;

  g_return_val_if_fail (value != NULL, NULL);

  discount = sd_tier_grade_row_format_discount (value->discount_permille);
  if (grade == 0)
    /* TRANSLATORS: grade 0's summary; %s is its discount, "No discount" or "9.8折" */
    return g_strdup_printf (_("Every customer of the shop · %s"), discount);
  if (!value->enabled)
    return g_strdup (_("Switched off: nobody reaches this grade"));
  if (value->basis == SD_TIER_BASIS_AMOUNT)
    {
      threshold = sd_format_money_display (value->threshold);
      /* TRANSLATORS: a grade's summary: "Total paid at least ¥1,000.00 · 9.5折" */
      return g_strdup_printf (_("Total paid at least %s · %s"), threshold, discount);
    }
  threshold = sd_format_count (value->threshold);
  /* TRANSLATORS: a grade's summary: "At least 3 trades · 9.8折" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "At least %s trade · %s", "At least %s trades · %s",
                                       (gulong) MIN (value->threshold, G_MAXLONG)),
                          threshold, discount);
}
