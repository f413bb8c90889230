package dev.refinery.openai;

import java.util.List;
import java.util.Locale;

/** Prompt templates per product category, possibly overridden per tenant. */
public interface TemplateRepository {
    /** The categories the bundled templates cover; anything else uses "generic". */
    List<String> CATEGORIES = List.of("apparel", "jewellery", "electronics", "cosmetics", "furniture", "food", "generic");

    /**
     * The template for a tenant's product category ("generic" for an unknown or missing one).
     *
     * @throws dev.refinery.domain.InvalidInputException when a tenant's own template is unreadable or incomplete
     */
    PromptTemplate template(String tenant, String category);

    /** A category as the templates name it: lower case, common aliases folded, unknown ones to "generic". */
    static String normalise(String category) {
        if (category == null || category.isBlank()) {
            return "generic";
        }
        String c = category.trim().toLowerCase(Locale.ROOT);
        c = switch (c) {
            case "jewelry", "jewels", "jewel" -> "jewellery";
            case "clothing", "clothes", "fashion", "garment", "garments", "shoes", "footwear" -> "apparel";
            case "electronic", "gadgets", "tech" -> "electronics";
            case "beauty", "makeup", "skincare", "cosmetic" -> "cosmetics";
            case "home", "furnishings" -> "furniture";
            case "grocery", "groceries", "beverage", "beverages", "drink", "drinks" -> "food";
            default -> c;
        };
        return CATEGORIES.contains(c) ? c : "generic";
    }
}
