/**
 * `@omnidial/mq-mqtt`: `mqtt://` and `mqtts://` for omnidial. Importing the package registers
 * the driver in the default registry; tests register {@link mqttDriver} in a fresh `Registry`.
 * @module @omnidial/mq-mqtt
 * @packageDocumentation
 */
import { defaultRegistry } from '@omnidial/core/driver';
import { mqttDriver } from './driver.js';

defaultRegistry.register(mqttDriver);

export { mqttDriver, MQTT_OPTIONS, isTopicFilter, type MqttEndpoint } from './driver.js';
