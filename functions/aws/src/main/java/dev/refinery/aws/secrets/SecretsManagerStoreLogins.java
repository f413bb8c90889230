package dev.refinery.aws.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.refinery.application.ports.StoreLogin;
import dev.refinery.application.ports.StoreLogins;
import dev.refinery.domain.TransientRefineryException;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The {@link StoreLogins} in Secrets Manager: one secret per tenant and store, named {@code {prefix}{tenant}/{store}}
 * (the API function's policy allows that prefix and nothing else), its value the JSON {@code {shop, token, connectedAt,
 * autoPush}},
 * tagged with the tenant. Reconnecting puts a new value on the same secret; disconnecting deletes it without a recovery
 * window (the seller means the token to stop being kept), and connecting again after that restores the name first.
 * The value is read on each use, never cached across a SnapStart snapshot, and never logged.
 */
public final class SecretsManagerStoreLogins implements StoreLogins {
    /** Tenant ids and store ids as the API accepts them: no '/' to climb into another tenant's name. */
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<SecretsManagerClient> client;
    private final String prefix;

    /** @param client the client, asked for on each use (the wiring builds it on the first) */
    public SecretsManagerStoreLogins(Supplier<SecretsManagerClient> client, String prefix) {
        this.client = client;
        this.prefix = prefix;
    }

    @Override
    public Optional<StoreLogin> find(String tenant, String store) {
        String value;
        try {
            value = client.get().getSecretValue(b -> b.secretId(name(tenant, store))).secretString();
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (InvalidRequestException e) {
            // deleted (scheduled for deletion): not connected
            return Optional.empty();
        } catch (SdkException e) {
            throw new TransientRefineryException("Secrets Manager did not answer for the store login", e);
        }
        try {
            JsonNode n = JSON.readTree(value);
            return Optional.of(new StoreLogin(tenant, store, n.path("shop").asText(), n.path("token").asText(), Instant.parse(n.path("connectedAt").asText()),
                    n.path("autoPush").asBoolean(false)));
        } catch (IOException | RuntimeException e) {
            // never the value in the message: it holds the token
            throw new IllegalStateException("the store login secret of tenant " + tenant + " (" + store + ") is not the JSON Refinery writes");
        }
    }

    @Override
    public void save(StoreLogin login) {
        String name = name(login.tenant(), login.store());
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("shop", login.shop());
        value.put("token", login.token());
        value.put("connectedAt", login.connectedAt().toString());
        value.put("autoPush", login.autoPush());
        String json;
        try {
            json = JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the store login", e);
        }
        SecretsManagerClient secrets = client.get();
        try {
            secrets.createSecret(b -> b.name(name).secretString(json).description("Refinery: the " + login.store() + " store login of tenant "
                    + login.tenant()).tags(t -> t.key("refinery:tenant").value(login.tenant()), t -> t.key("refinery:store").value(login.store())));
        } catch (ResourceExistsException e) {
            secrets.putSecretValue(b -> b.secretId(name).secretString(json));
        } catch (InvalidRequestException e) {
            // the name is scheduled for deletion (disconnected a moment ago): take it back, then write the new login
            secrets.restoreSecret(b -> b.secretId(name));
            secrets.putSecretValue(b -> b.secretId(name).secretString(json));
        } catch (SdkException e) {
            throw new TransientRefineryException("Secrets Manager did not keep the store login", e);
        }
    }

    @Override
    public void remove(String tenant, String store) {
        try {
            client.get().deleteSecret(b -> b.secretId(name(tenant, store)).forceDeleteWithoutRecovery(true));
        } catch (ResourceNotFoundException e) {
            // nothing kept
        } catch (SdkException e) {
            throw new TransientRefineryException("Secrets Manager did not delete the store login", e);
        }
    }

    String name(String tenant, String store) {
        if (!PART.matcher(tenant).matches() || !PART.matcher(store).matches()) {
            throw new IllegalArgumentException("tenant and store ids are letters, digits, '.', '_' and '-'");
        }
        return prefix + tenant + "/" + store;
    }
}
