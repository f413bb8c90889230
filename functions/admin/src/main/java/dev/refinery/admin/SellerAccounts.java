package dev.refinery.admin;

import dev.refinery.application.Ids;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;

/**
 * A seller's sign-in in the stack's Cognito user pool, with the tenant the API reads from the ID token's
 * {@code custom:tenant} claim. The attribute is set here by an administrator, never by the seller: the user pool
 * client may not write it (Api construct), so a seller cannot move into another tenant.
 */
public final class SellerAccounts {
    public static final String TENANT_ATTRIBUTE = "custom:tenant";

    private final CognitoIdentityProviderClient cognito;

    public SellerAccounts(CognitoIdentityProviderClient cognito) {
        this.cognito = cognito;
    }

    /**
     * Creates the user (Cognito e-mails a temporary password; the seller sets a new one at first sign-in).
     *
     * @return the new user's status, e.g. FORCE_CHANGE_PASSWORD
     */
    public UserType create(String userPoolId, String email, String tenant) {
        if (tenant == null || !Ids.TENANT.matcher(tenant).matches()) {
            throw new IllegalArgumentException("'" + tenant + "' is not a tenant id (1-64 letters, digits, '-' or '_')");
        }
        if (email == null || !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw new IllegalArgumentException("'" + email + "' is not an e-mail address");
        }
        return cognito.adminCreateUser(b -> b.userPoolId(userPoolId).username(email).desiredDeliveryMediums(
                        software.amazon.awssdk.services.cognitoidentityprovider.model.DeliveryMediumType.EMAIL)
                .userAttributes(
                        AttributeType.builder().name("email").value(email).build(),
                        AttributeType.builder().name("email_verified").value("true").build(),
                        AttributeType.builder().name(TENANT_ATTRIBUTE).value(tenant).build()))
                .user();
    }

    /** The tenant a user belongs to, or null. */
    public String tenantOf(String userPoolId, String username) {
        return cognito.adminGetUser(b -> b.userPoolId(userPoolId).username(username)).userAttributes().stream()
                .filter(a -> a.name().equals(TENANT_ATTRIBUTE)).map(AttributeType::value).findFirst().orElse(null);
    }
}
