import { standardWebhooksCase } from '../contract/cases.js';
import { providerContract } from '../contract/provider-contract.js';

providerContract('standard-webhooks', standardWebhooksCase);
