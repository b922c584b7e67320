import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { ElastiCacheRule, literal, properties, USER, USER_GROUP } from '../cfn';

/**
 * The `default` user disabled: a user group must not contain ElastiCache's built-in user `default` (no password,
 * every permission), and a user named `default` must be off or need a password. An access string is enabled only
 * with `on` (the last of `on`/`off` wins; neither means off). Source:
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html ("Applying RBAC to a cache":
 * create a disabled user named default and swap it in).
 */
export const DEFAULT_USER_DISABLED: ElastiCacheRule = {
  id: 'DefaultUserDisabled',
  info: 'The default user is open: a user group contains the built-in user id default, or a user named default is on without a password.',
  explanation: 'ElastiCache\'s built-in default user needs no password and may run every command on every key; RBAC only closes '
    + 'a cache when the group\'s user named default is a disabled (off) user or needs a password '
    + '(https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html).',
  level: NagMessageLevel.ERROR,
  resourceTypes: [USER_GROUP, USER],
  check: (node) => {
    const props = properties(node);
    if (node.cfnResourceType === USER_GROUP) {
      const ids = literal(node, props, 'UserIds') as unknown[] | undefined;
      return (ids ?? []).some((id) => typeof id === 'string' && id.toLowerCase() === 'default')
        ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
    }
    if (literal(node, props, 'UserName') !== 'default') return NagRuleCompliance.NOT_APPLICABLE;
    const access = String(literal(node, props, 'AccessString') ?? '');
    const switches = access.split(/\s+/).filter((t) => t === 'on' || t === 'off');
    const enabled = switches[switches.length - 1] === 'on';
    const mode = literal(node, props, 'AuthenticationMode') as { Type?: string } | undefined;
    const noPassword = props.NoPasswordRequired === true || mode?.Type === 'no-password-required'
      || (mode === undefined && props.Passwords === undefined);
    return enabled && noPassword ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
};
