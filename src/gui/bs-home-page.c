/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-home-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bs-gui.h"

#include "bs-book-count.h"
#include "bs-book-tile-factory.h"
#include "bs-category.h"
#include "bs-home-page.h"

/* The first page: what sells now (live), what friends bought (the recommendations,
 * asked for again whenever the page is shown), and the categories as a way in. Each
 * strip says what it knows: books, loading, nothing yet, or out of reach. */

struct _BsHomePage
{
  AdwBin parent_instance;

  BsShop *shop;                  /* (owned) */
  BsCoverLoader *covers;         /* (owned) */

  GtkStack *bestsellers_stack;
  GtkListView *bestsellers_strip;
  GtkStack *friends_stack;
  GtkListView *friends_strip;
  GtkLabel *categories_heading;
  GtkFlowBox *categories;
};

G_DEFINE_FINAL_TYPE (BsHomePage, bs_home_page, ADW_TYPE_BIN)

enum { BOOK_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* A strip's page: its books; else "empty" once known; else loading, or out of reach
 * when the shop is and nothing was saved. */
static const char *
strip_page (BsShop     *shop,
            GListModel *books,
            gboolean    loaded)
{
  if (g_list_model_get_n_items (books) > 0)
    return "books";
  if (loaded)
    return "empty";
  if (bs_shop_is_offline (shop) && !bs_shop_is_starting (shop))
    return "unreachable";
  return "loading";
}

static void
update_states (BsHomePage *self)
{
  /* No heading over nothing: the categories come with the catalog. */
  gtk_widget_set_visible (GTK_WIDGET (self->categories_heading),
                          g_list_model_get_n_items (bs_catalog_get_categories (bs_shop_get_catalog (self->shop))) > 0);
  gtk_stack_set_visible_child_name (self->bestsellers_stack,
                                    strip_page (self->shop, bs_shop_get_bestsellers (self->shop),
                                                bs_shop_get_bestsellers_loaded (self->shop)));
  if (!bs_shop_is_signed_in (self->shop) && !bs_shop_is_starting (self->shop))
    gtk_stack_set_visible_child_name (self->friends_stack, "signed-out");
  else
    gtk_stack_set_visible_child_name (self->friends_stack,
                                      strip_page (self->shop, bs_shop_get_recommendations (self->shop),
                                                  bs_shop_get_recommendations_loaded (self->shop)));
}

/* The strips: tiles that open their book */

static void
strip_activated_cb (GtkListView *strip,
                    guint        position,
                    BsHomePage  *self)
{
  g_autoptr(GObject) entry = g_list_model_get_item (G_LIST_MODEL (gtk_list_view_get_model (strip)),
                                                    position);
  BsBook *book;

  if (entry == NULL)
    return;
  /* The book itself, not its id: it may not be in the catalog (yet). */
  book = BS_IS_BOOK_COUNT (entry) ? bs_book_count_get_book (BS_BOOK_COUNT (entry)) : BS_BOOK (entry);
  g_signal_emit (self, signals[BOOK_ACTIVATED], 0, book);
}

static void
show_in_strip (BsHomePage  *self,
               GtkListView *strip,
               GListModel  *model)
{
  g_autoptr(GtkListItemFactory) factory = bs_book_tile_factory_new (self->covers);
  g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (g_object_ref (model));

  gtk_list_view_set_factory (strip, factory);
  gtk_list_view_set_model (strip, GTK_SELECTION_MODEL (selection));
  g_signal_connect (strip, "activate", G_CALLBACK (strip_activated_cb), self);
}

/* Categories: each a button into Browse */

static GtkWidget *
create_category_button (gpointer item,
                        gpointer user_data)
{
  BsCategory *category = item;
  /* Translators: how many books a category holds. */
  g_autofree char *count = g_strdup_printf (ngettext ("%u book", "%u books", bs_category_get_count (category)),
                                            bs_category_get_count (category));
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (bs_category_get_name (category));
  GtkWidget *size = gtk_label_new (count);
  GtkWidget *child;

  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_widget_add_css_class (size, "dim-label");
  gtk_widget_add_css_class (size, "caption");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), size);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "card");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", bs_category_get_name (category));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.browse-category");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  name, NULL, -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  size, NULL, -1);
  /* The button is the one stop for Tab, not the box's cell around it too. */
  child = gtk_flow_box_child_new ();
  gtk_widget_set_focusable (child, FALSE);
  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), button);
  return child;
}

static void
bs_home_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (bs_home_page_parent_class)->map (widget);

  /* Friends may have bought something since: ask again each time the page shows. */
  bs_shop_refresh_recommendations (BS_HOME_PAGE (widget)->shop);
}

static void
bs_home_page_dispose (GObject *object)
{
  BsHomePage *self = BS_HOME_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), BS_TYPE_HOME_PAGE);
  g_clear_object (&self->covers);
  g_clear_object (&self->shop);

  G_OBJECT_CLASS (bs_home_page_parent_class)->dispose (object);
}

enum
{
  PROP_0,
  PROP_SHOP,
  PROP_COVERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bs_home_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BsHomePage *self = BS_HOME_PAGE (object);

  switch (prop_id)
    {
    case PROP_SHOP:
      g_value_set_object (value, self->shop);
      break;
    case PROP_COVERS:
      g_value_set_object (value, self->covers);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_home_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  BsHomePage *self = BS_HOME_PAGE (object);

  switch (prop_id)
    {
    case PROP_SHOP:
      self->shop = g_value_dup_object (value);
      break;
    case PROP_COVERS:
      self->covers = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void bs_home_page_constructed (GObject *object);

static void
bs_home_page_class_init (BsHomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_home_page_dispose;
  object_class->get_property = bs_home_page_get_property;
  object_class->set_property = bs_home_page_set_property;
  object_class->constructed = bs_home_page_constructed;

  properties[PROP_SHOP] =
    g_param_spec_object ("shop", NULL, NULL, BS_TYPE_SHOP,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COVERS] =
    g_param_spec_object ("covers", NULL, NULL, BS_TYPE_COVER_LOADER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  widget_class->map = bs_home_page_map;

  bs_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/gui/bs-home-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BsHomePage, bestsellers_stack);
  gtk_widget_class_bind_template_child (widget_class, BsHomePage, bestsellers_strip);
  gtk_widget_class_bind_template_child (widget_class, BsHomePage, friends_stack);
  gtk_widget_class_bind_template_child (widget_class, BsHomePage, friends_strip);
  gtk_widget_class_bind_template_child (widget_class, BsHomePage, categories_heading);
  gtk_widget_class_bind_template_child (widget_class, BsHomePage, categories);

  /* A tile of a strip was activated: its book is to be shown. */
  signals[BOOK_ACTIVATED] = g_signal_new ("book-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, BS_TYPE_BOOK);
}

static void
bs_home_page_init (BsHomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bs_gui_name_mnemonic_buttons (GTK_WIDGET (self));
  bs_gui_delay_spinners (GTK_WIDGET (self));
}

static void
bs_home_page_constructed (GObject *object)
{
  BsHomePage *self = BS_HOME_PAGE (object);
  BsShop *shop = self->shop;
  const char *states[] = { "notify::offline", "notify::starting", "notify::signed-in",
                           "notify::bestsellers-loaded", "notify::recommendations-loaded" };

  G_OBJECT_CLASS (bs_home_page_parent_class)->constructed (object);

  show_in_strip (self, self->bestsellers_strip, bs_shop_get_bestsellers (shop));
  show_in_strip (self, self->friends_strip, bs_shop_get_recommendations (shop));
  g_signal_connect_object (bs_shop_get_bestsellers (shop), "items-changed", G_CALLBACK (update_states), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (bs_shop_get_recommendations (shop), "items-changed", G_CALLBACK (update_states),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (bs_catalog_get_categories (bs_shop_get_catalog (shop)), "items-changed",
                           G_CALLBACK (update_states), self, G_CONNECT_SWAPPED);
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    g_signal_connect_object (shop, states[i], G_CALLBACK (update_states), self, G_CONNECT_SWAPPED);
  gtk_flow_box_bind_model (self->categories, bs_catalog_get_categories (bs_shop_get_catalog (shop)),
                           create_category_button, NULL, NULL);
  update_states (self);
}

BsHomePage *
bs_home_page_new (BsShop        *shop,
                  BsCoverLoader *covers)
{
  return g_object_new (BS_TYPE_HOME_PAGE, "shop", shop, "covers", covers, NULL);
}
