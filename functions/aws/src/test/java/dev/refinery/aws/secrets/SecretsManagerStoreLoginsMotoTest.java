package dev.refinery.aws.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refinery.application.ports.StoreLogin;
import dev.refinery.aws.testing.MotoStack;
import dev.refinery.testkit.MotoServer;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Store logins in Secrets Manager (moto_server on 127.0.0.1): one secret per tenant and store, replaced, removed, restored. */
@ExtendWith(MotoServer.class)
class SecretsManagerStoreLoginsMotoTest {
    static SecretsManagerClient client;
    static SecretsManagerStoreLogins logins;

    @BeforeAll
    static void client() {
        client = SecretsManagerClient.builder().region(MotoStack.REGION).credentialsProvider(MotoStack.CREDENTIALS)
                .endpointOverride(MotoServer.endpoint()).httpClient(UrlConnectionHttpClient.create()).build();
        logins = new SecretsManagerStoreLogins(() -> client, "refinery/stores/");
    }

    @Test
    void aLoginIsKeptPerTenantAndStoreReplacedOnReconnectAndGoneOnDisconnect() {
        String tenant = "t-" + UUID.randomUUID();
        assertThat(logins.find(tenant, "shopify")).isEmpty();
        StoreLogin first = new StoreLogin(tenant, "shopify", "acme.myshopify.com", "shpat_first", Instant.parse("2026-12-07T10:00:00Z"), false);
        logins.save(first);
        assertThat(logins.find(tenant, "shopify")).contains(first);
        assertThat(logins.find("t-" + UUID.randomUUID(), "shopify")).isEmpty();
        // the secret is the tenant's, by name and by tag
        assertThat(client.describeSecret(b -> b.secretId("refinery/stores/" + tenant + "/shopify")).tags())
                .anySatisfy(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("refinery:tenant=" + tenant));

        StoreLogin second = new StoreLogin(tenant, "shopify", "acme.myshopify.com", "shpat_second", Instant.parse("2026-12-07T11:00:00Z"), true);
        logins.save(second);
        assertThat(logins.find(tenant, "shopify")).contains(second);

        logins.remove(tenant, "shopify");
        assertThat(logins.find(tenant, "shopify")).isEmpty();
        logins.remove(tenant, "shopify");
        // connecting again after a disconnect
        logins.save(first);
        assertThat(logins.find(tenant, "shopify")).contains(first);
    }

    @Test
    void noTenantIdClimbsIntoAnothersName() {
        assertThatThrownBy(() -> logins.find("../other", "shopify")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> logins.find("a/b", "shopify")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTokenIsNeverInALoginsText() {
        StoreLogin l = new StoreLogin("t", "shopify", "acme.myshopify.com", "shpat_secret_value", Instant.EPOCH, false);
        assertThat(l.toString()).doesNotContain("shpat_secret_value").contains("acme.myshopify.com");
    }
}
