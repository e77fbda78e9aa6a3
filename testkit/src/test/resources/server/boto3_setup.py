"""Sets up a thing with boto3 against the endpoints in AWS_ENDPOINT_URL_IOT (no endpoint_url in code).

Usage: python3 boto3_setup.py THING_TYPE THING POLICY ROLE_ARN ROLE_ALIAS OUT_DIR
Writes OUT_DIR/THING.crt and OUT_DIR/THING.key; prints a JSON summary (no private key).
"""
import json
import os
import sys

import boto3

thing_type, thing, policy, role_arn, role_alias, out_dir = sys.argv[1:7]
iot = boto3.client("iot")

iot.create_thing_type(thingTypeName=thing_type, thingTypeProperties={"thingTypeDescription": "boto3 sensors"})
created = iot.create_thing(thingName=thing, thingTypeName=thing_type, attributePayload={"attributes": {"maker": "boto3"}})
keys = iot.create_keys_and_certificate(setAsActive=True)
with open(os.path.join(out_dir, thing + ".crt"), "w") as f:
    f.write(keys["certificatePem"])
key_path = os.path.join(out_dir, thing + ".key")
with open(os.open(key_path, os.O_CREAT | os.O_WRONLY, 0o600), "w") as f:
    f.write(keys["keyPair"]["PrivateKey"])
iot.attach_policy(policyName=policy, target=keys["certificateArn"])
iot.attach_thing_principal(thingName=thing, principal=keys["certificateArn"])
alias = iot.create_role_alias(roleAlias=role_alias, roleArn=role_arn, credentialDurationSeconds=3600)
data = iot.describe_endpoint(endpointType="iot:Data-ATS")["endpointAddress"]
credentials = iot.describe_endpoint(endpointType="iot:CredentialProvider")["endpointAddress"]
principals = iot.list_thing_principals(thingName=thing)["principals"]

print(json.dumps({
    "thingArn": created["thingArn"],
    "certificateId": keys["certificateId"],
    "certificateArn": keys["certificateArn"],
    "roleAliasArn": alias["roleAliasArn"],
    "dataEndpoint": data,
    "credentialsEndpoint": credentials,
    "principals": principals,
}))
