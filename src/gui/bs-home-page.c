/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-home-page"

#include "config.h"

#include <glib/gi18n.h>

#include "bs-gui.h"

#include "bs-book-count.h"
#include "bs-book-tile.h"
#include "bs-category.h"
#include "bs-home-page.h"

/* The first page: what sells now (live), what friends bought (the recommendations,
 * asked for again whenever the page is shown), and the categories as a way in. */

#define RECOMMENDATIONS_LIMIT 12

struct _BsHomePage
{
  AdwBin parent_instance;

  BsShop *shop;                  /* (owned) */
  BsCoverLoader *covers;         /* (owned) */
  BsLiveBestsellers *bestsellers; /* (owned) */
  GListStore *recommendations;   /* (owned): BsBookCount, a book and how many friends bought it */
  GCancellable *cancellable;     /* (owned) (nullable): the recommendations in flight */

  GtkStack *bestsellers_stack;
  GtkListView *bestsellers_strip;
  GtkStack *friends_stack;
  GtkListView *friends_strip;
  GtkFlowBox *categories;
};

G_DEFINE_FINAL_TYPE (BsHomePage, bs_home_page, ADW_TYPE_BIN)

enum { BOOK_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

static gboolean
is_signed_in (BsHomePage *self)
{
  BsSession *session = bs_shop_get_session (self->shop);

  return session != NULL && bs_session_is_signed_in (session);
}

static void
update_friends_state (BsHomePage *self)
{
  if (!is_signed_in (self))
    gtk_stack_set_visible_child_name (self->friends_stack, "signed-out");
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->recommendations)) == 0)
    gtk_stack_set_visible_child_name (self->friends_stack, "empty");
  else
    gtk_stack_set_visible_child_name (self->friends_stack, "books");
}

static void
recommendations_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  BsHomePage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) books = bs_client_list_recommendations_finish (BS_CLIENT (source), result,
                                                                      &error);

  if (books == NULL)
    {
      /* Offline or refused, the last list stays: it is only a suggestion. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No recommendations: %s", error->message);
      return;
    }
  g_clear_object (&self->cancellable);
  g_list_store_splice (self->recommendations, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->recommendations)),
                       books->pdata, books->len);
  update_friends_state (self);
}

void
bs_home_page_reload (BsHomePage *self)
{
  g_return_if_fail (BS_IS_HOME_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (!is_signed_in (self))
    {
      g_list_store_remove_all (self->recommendations);
      update_friends_state (self);
      return;
    }
  self->cancellable = g_cancellable_new ();
  bs_client_list_recommendations_async (bs_shop_get_client (self->shop), RECOMMENDATIONS_LIMIT,
                                        self->cancellable, recommendations_cb, self);
  update_friends_state (self);
}

/* The strips: tiles that open their book */

static void
tile_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               BsHomePage               *self)
{
  gtk_list_item_set_child (item, bs_book_tile_new (self->covers));
}

static void
tile_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              BsHomePage               *self)
{
  gpointer entry = gtk_list_item_get_item (item);
  BsBook *book = BS_IS_BOOK_COUNT (entry) ? bs_book_count_get_book (entry) : entry;

  bs_book_tile_set_book (BS_BOOK_TILE (gtk_list_item_get_child (item)), book);
}

static void
tile_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                BsHomePage               *self)
{
  bs_book_tile_set_book (BS_BOOK_TILE (gtk_list_item_get_child (item)), NULL);
}

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
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (g_object_ref (model));

  g_signal_connect (factory, "setup", G_CALLBACK (tile_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (tile_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (tile_unbind_cb), self);
  gtk_list_view_set_factory (strip, factory);
  gtk_list_view_set_model (strip, GTK_SELECTION_MODEL (selection));
  g_signal_connect (strip, "activate", G_CALLBACK (strip_activated_cb), self);
}

static void
bestsellers_changed_cb (BsHomePage *self)
{
  GListModel *model = bs_live_bestsellers_get_model (self->bestsellers);

  gtk_stack_set_visible_child_name (self->bestsellers_stack,
                                    g_list_model_get_n_items (model) > 0 ? "books" : "empty");
}

/* Categories: each a button into Browse */

static GtkWidget *
create_category_button (gpointer item,
                        gpointer user_data)
{
  BsCategory *category = item;
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
  bs_home_page_reload (BS_HOME_PAGE (widget));
}

static void
bs_home_page_dispose (GObject *object)
{
  BsHomePage *self = BS_HOME_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), BS_TYPE_HOME_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->recommendations);
  g_clear_object (&self->bestsellers);
  g_clear_object (&self->covers);
  g_clear_object (&self->shop);

  G_OBJECT_CLASS (bs_home_page_parent_class)->dispose (object);
}

static void
bs_home_page_class_init (BsHomePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = bs_home_page_dispose;
  widget_class->map = bs_home_page_map;

  bs_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/gui/bs-home-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BsHomePage, bestsellers_stack);
  gtk_widget_class_bind_template_child (widget_class, BsHomePage, bestsellers_strip);
  gtk_widget_class_bind_template_child (widget_class, BsHomePage, friends_stack);
  gtk_widget_class_bind_template_child (widget_class, BsHomePage, friends_strip);
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
  self->recommendations = g_list_store_new (BS_TYPE_BOOK_COUNT);
}

BsHomePage *
bs_home_page_new (BsShop            *shop,
                  BsCoverLoader     *covers,
                  BsLiveBestsellers *bestsellers)
{
  BsHomePage *self = g_object_new (BS_TYPE_HOME_PAGE, NULL);
  GListModel *ranked = bs_live_bestsellers_get_model (bestsellers);

  self->shop = g_object_ref (shop);
  self->covers = g_object_ref (covers);
  self->bestsellers = g_object_ref (bestsellers);

  show_in_strip (self, self->bestsellers_strip, ranked);
  show_in_strip (self, self->friends_strip, G_LIST_MODEL (self->recommendations));
  g_signal_connect_object (ranked, "items-changed", G_CALLBACK (bestsellers_changed_cb), self,
                           G_CONNECT_SWAPPED);
  bestsellers_changed_cb (self);
  gtk_flow_box_bind_model (self->categories, bs_catalog_get_categories (bs_shop_get_catalog (shop)),
                           create_category_button, NULL, NULL);
  update_friends_state (self);
  return self;
}

/* For tests: the books friends bought, as last heard. */
GListModel *
bs_home_page_get_recommendations (BsHomePage *self)
{
  g_return_val_if_fail (BS_IS_HOME_PAGE (self), NULL);

  return G_LIST_MODEL (self->recommendations);
}
